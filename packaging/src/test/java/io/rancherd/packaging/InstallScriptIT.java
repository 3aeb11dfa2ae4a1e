package io.rancherd.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.rancherd.testing.Commands;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** packaging/install.sh into a --root temp dir, from the built tarball. */
class InstallScriptIT {

  private static final String UNIT = "etc/systemd/system/rancherd.service";
  private static final String WANTS = "etc/systemd/system/multi-user.target.wants/rancherd.service";

  @TempDir Path root;
  @TempDir Path work;

  @Test
  void install_fromLocalTarball_thenAgain_changesNothingTheSecondTime() throws IOException {
    Commands.Output first = install("--tarball", Built.tarball().toString());

    assertEquals(0, first.exitCode(), first::stderr);
    assertTrue(
        Files.isExecutable(root.resolve("usr/lib/rancherd/runtime/bin/java")), first.stdout());
    assertEquals(
        Path.of("../lib/rancherd/bin/rancherd"),
        Files.readSymbolicLink(root.resolve("usr/bin/rancherd")));
    assertEquals(Built.read(Built.unit()), Built.read(root.resolve(UNIT)));
    assertEquals(
        Path.of("/etc/systemd/system/rancherd.service"),
        Files.readSymbolicLink(root.resolve(WANTS)),
        "enabled in multi-user.target");
    assertFalse(Files.exists(root.resolve("usr/lib/rancherd/install.sh")));
    for (String doc :
        List.of(
            "usr/share/man/man8/rancherd.8",
            "usr/share/man/man8/rancherd-bootstrap.8",
            "usr/share/bash-completion/completions/rancherd",
            "usr/share/zsh/vendor-completions/_rancherd")) {
      assertTrue(Files.isRegularFile(root.resolve(doc)), doc);
    }
    assertFalse(Files.exists(root.resolve("usr/lib/rancherd/share")), "share/ only in /usr/share");
    assertTrue(first.stdout().contains("installed the manual pages"), first.stdout());
    Commands.Output version =
        Built.run(List.of(root.resolve("usr/bin/rancherd").toString(), "--version"));
    assertEquals(0, version.exitCode(), version::stderr);

    List<String> before = snapshot();
    Commands.Output second = install("--tarball", Built.tarball().toString());

    assertEquals(0, second.exitCode(), second::stderr);
    assertTrue(second.stdout().contains("nothing changed"), second.stdout());
    assertEquals(
        before, snapshot(), "a second run with the same tarball leaves every file as it was");
  }

  @Test
  void install_newVersion_replacesTheOldTree() throws IOException {
    assertEquals(0, install("--tarball", Built.tarball().toString()).exitCode());
    Path newer = repackAs("rancherd-9.9.9-linux-test", "marker-of-9.9.9");

    Commands.Output out = install("--tarball", newer.toString());

    assertEquals(0, out.exitCode(), out::stderr);
    assertTrue(out.stdout().contains("installed rancherd-9.9.9-linux-test"), out.stdout());
    assertTrue(
        Files.exists(root.resolve("usr/lib/rancherd/marker-of-9.9.9")), "the new tree is in place");
    try (Stream<Path> siblings = Files.list(root.resolve("usr/lib"))) {
      assertEquals(
          List.of("rancherd"),
          siblings.map(p -> p.getFileName().toString()).toList(),
          "no leftovers");
    }
  }

  @Test
  void install_wrongChecksum_isRefusedAndInstallsNothing() throws IOException {
    Commands.Output out =
        install("--tarball", Built.tarball().toString(), "--sha256", "0".repeat(64));

    assertNotEquals(0, out.exitCode());
    assertTrue(out.stderr().startsWith("install.sh: SHA-256 mismatch"), out.stderr());
    assertEquals(1, out.stderr().lines().count(), out.stderr());
    try (Stream<Path> entries = Files.list(root)) {
      assertEquals(List.of(), entries.toList(), "nothing installed");
    }
  }

  @Test
  void install_fromUrl_checksTheSha256FileBesideIt() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    Map<String, Path> files =
        Map.of(
            "/rancherd.tar.gz",
            Built.tarball(),
            "/rancherd.tar.gz.sha256",
            Path.of(Built.tarball() + ".sha256"));
    server.createContext(
        "/",
        exchange -> {
          Path file = files.get(exchange.getRequestURI().getPath());
          if (file == null) {
            exchange.sendResponseHeaders(404, -1);
          } else {
            exchange.sendResponseHeaders(200, Files.size(file));
            try (OutputStream body = exchange.getResponseBody()) {
              Files.copy(file, body);
            }
          }
          exchange.close();
        });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/rancherd.tar.gz";

      Commands.Output out = install("--url", url, "--no-enable");

      assertEquals(0, out.exitCode(), out::stderr);
      assertTrue(Files.isExecutable(root.resolve("usr/lib/rancherd/bin/rancherd")), out.stdout());
      assertTrue(Files.isRegularFile(root.resolve(UNIT)), "the unit is installed");
      assertFalse(Files.exists(root.resolve(WANTS), LinkOption.NOFOLLOW_LINKS), "--no-enable");

      Commands.Output missing = install("--url", url.replace("rancherd.tar.gz", "missing.tar.gz"));
      assertNotEquals(0, missing.exitCode());
      assertTrue(missing.stderr().startsWith("install.sh: cannot download "), missing.stderr());
    } finally {
      server.stop(0);
    }
  }

  @Test
  void help_describesEveryOption() {
    Commands.Output out = install("--help");

    assertEquals(0, out.exitCode(), out::stderr);
    for (String option :
        List.of("--tarball", "--url", "--sha256", "--root", "--no-enable", "--help")) {
      assertTrue(out.stdout().contains(option), option);
    }
    Commands.Output wrong = install("--frobnicate");
    assertNotEquals(0, wrong.exitCode());
    assertEquals(
        "install.sh: unknown option '--frobnicate'; see install.sh --help\n", wrong.stderr());
  }

  @Test
  void install_onAnOlderGlibcThanTheRuntimeNeeds_isRefusedInOneLine() throws IOException {
    // a getconf that reports the glibc of Debian 11 / Ubuntu 20.04
    Path bin = Files.createDirectories(work.resolve("old-glibc-bin"));
    Path getconf = bin.resolve("getconf");
    Files.writeString(getconf, "#!/bin/sh\necho 'glibc 2.31'\n");
    getconf.toFile().setExecutable(true);
    String required =
        Files.readString(
                Built.extract(Files.createDirectory(work.resolve("x")))
                    .resolve("lib/glibc-required"))
            .trim();

    Commands.Output out =
        installWith(
            Map.of("PATH", bin + ":" + System.getenv("PATH")),
            "--tarball",
            Built.tarball().toString());

    assertEquals(1, out.exitCode(), out::stdout);
    assertEquals(
        List.of(
            "install.sh: this node has glibc 2.31, and rancherd's runtime needs glibc "
                + required
                + " or newer (Debian 12, Ubuntu 22.04, RHEL 9 or later); nothing was installed"),
        out.stderr().lines().toList());
    assertFalse(Files.exists(root.resolve("usr/lib/rancherd")), "nothing installed");
    assertFalse(Files.exists(root.resolve(UNIT)), "nothing installed");
  }

  @Test
  void install_worksWithTmpMountedNoexec() throws IOException {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        "0".equals(Built.run(List.of("id", "-u")).stdout().trim())
            || "true".equalsIgnoreCase(System.getenv("RANCHERD_REQUIRE_NETNS")),
        "mounting a noexec tmpfs needs root");
    Path tmp = Files.createDirectories(work.resolve("noexec-tmp"));
    Commands.Output mount =
        Built.run(
            List.of("mount", "-t", "tmpfs", "-o", "noexec,size=512m", "tmpfs", tmp.toString()));
    assertEquals(0, mount.exitCode(), mount::stderr);
    try {
      Commands.Output out =
          installWith(Map.of("TMPDIR", tmp.toString()), "--tarball", Built.tarball().toString());

      assertEquals(0, out.exitCode(), out::stderr);
      assertTrue(Files.isExecutable(root.resolve("usr/lib/rancherd/runtime/bin/java")));
      assertEquals(
          List.of(),
          Files.list(root.resolve("usr/lib"))
              .map(p -> p.getFileName().toString())
              .filter(n -> n.startsWith(".rancherd-install"))
              .toList(),
          "no work dir left");
    } finally {
      Built.run(List.of("umount", tmp.toString()));
    }
  }

  private Commands.Output install(String... args) {
    return installWith(Map.of(), args);
  }

  private Commands.Output installWith(Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>(List.of("sh", Built.installScript().toString()));
    command.addAll(List.of(args));
    if (!List.of(args).contains("--help")) {
      command.addAll(List.of("--root", root.toString()));
    }
    return Built.run(command, work, env);
  }

  /** The tarball's tree under another top directory name, with one more file. */
  private Path repackAs(String name, String marker) throws IOException {
    Path dir = Files.createDirectory(work.resolve("repack"));
    Files.move(Built.extract(dir), dir.resolve(name));
    Files.writeString(dir.resolve(name).resolve(marker), "");
    Path tarball = work.resolve(name + ".tar.gz");
    Commands.Output tar =
        Built.run(List.of("tar", "-czf", tarball.toString(), "-C", dir.toString(), name));
    assertEquals(0, tar.exitCode(), tar::stderr);
    Commands.Output sum =
        Built.run(List.of("sha256sum", tarball.getFileName().toString()), work, Map.of());
    Files.writeString(Path.of(tarball + ".sha256"), sum.stdout());
    return tarball;
  }

  /** Every path under the root with its type and modification time. */
  private List<String> snapshot() throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.map(
              p -> {
                try {
                  FileTime time = Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS);
                  return root.relativize(p) + " " + time.toMillis();
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              })
          .sorted()
          .toList();
    }
  }
}
