package io.rancherd.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rancherd.standin.StandInProcesses;
import io.rancherd.testing.Commands;
import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.module.ResolvedModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tarball on its own: its bundled runtime, its class-data archive, a full bootstrap. */
class TarballIT {

  @TempDir Path dir;

  private Path standInRoot;

  @AfterEach
  void stopStandIn() {
    if (standInRoot != null) {
      StandInProcesses.stopAll(standInRoot);
    }
  }

  @Test
  void version_runsOnTheBundledRuntime_withNoJavaOnPathAndNoJavaHome() throws IOException {
    Path home = Built.extract(dir);
    // A PATH with only what the launcher itself calls: no java anywhere on it.
    Path bin = Files.createDirectory(dir.resolve("path"));
    for (String tool : List.of("dirname", "readlink")) {
      Files.createSymbolicLink(bin.resolve(tool), Path.of("/usr/bin", tool));
    }

    Commands.Output out =
        Built.runClean(
            List.of(home.resolve("bin/rancherd").toString(), "--version"),
            Map.of("PATH", bin.toString()));

    assertEquals(0, out.exitCode(), out::stderr);
    assertTrue(out.stdout().matches("rancherd \\S+ \\(commit \\S+\\)\\n"), out.stdout());
    assertTrue(
        Built.name().startsWith("rancherd-" + out.stdout().split(" ")[1] + "-linux-"),
        "the tarball is named after the version it holds: " + Built.name());
  }

  /**
   * JDK 17 binds a class-data archive to the tree's absolute path, so lib/cds-archive.sh makes it
   * where the tree ends up (install.sh and the .deb run it). -Xshare:on makes the JVM fail when it
   * cannot map the archive; the class loading log shows rancherd's own classes coming from it.
   */
  @Test
  void classDataArchive_madeWhereTheTreeWasMovedTo_isUsed() throws IOException {
    Path extracted = Built.extract(Files.createDirectory(dir.resolve("a")));
    Path home = Files.move(extracted, dir.resolve("elsewhere"));
    assertFalse(
        Files.exists(home.resolve("lib/rancherd.jsa")),
        "the tarball carries the class list, not an archive");

    Commands.Output made = Built.run(List.of(home.resolve("lib/cds-archive.sh").toString()));
    assertEquals(0, made.exitCode(), made::stderr);
    Commands.Output out =
        Built.run(
            List.of(home.resolve("bin/rancherd").toString(), "--version"),
            dir,
            Map.of(
                "RANCHERD_JAVA_OPTS",
                "-Xshare:on -Xlog:class+load=info:file=" + dir.resolve("classes.log")));

    assertEquals(0, out.exitCode(), out::stderr);
    assertEquals("", out.stderr());
    assertTrue(out.stdout().startsWith("rancherd "), out.stdout());
    List<String> loaded = Built.read(dir.resolve("classes.log")).lines().toList();
    assertTrue(
        loaded.stream().anyMatch(l -> l.contains(" io.rancherd.Main source: shared objects file")),
        "rancherd's own classes come from lib/rancherd.jsa:\n"
            + String.join("\n", loaded.stream().filter(l -> l.contains("io.rancherd")).toList()));
  }

  @Test
  void runtime_hasExactlyTheComputedModules() {
    Path home = Built.extract(dir);
    List<String> computed = Built.read(Built.modules()).lines().filter(l -> !l.isBlank()).toList();
    // jlink adds what the computed modules require: their closure over this JDK's modules.
    List<String> closure =
        Configuration.empty()
            .resolve(ModuleFinder.ofSystem(), ModuleFinder.of(), computed)
            .modules()
            .stream()
            .map(ResolvedModule::name)
            .sorted()
            .toList();

    Commands.Output out =
        Built.run(List.of(home.resolve("runtime/bin/java").toString(), "--list-modules"));

    assertEquals(0, out.exitCode(), out::stderr);
    List<String> listed =
        out.stdout().lines().map(l -> l.replaceFirst("@.*", "")).sorted().toList();
    assertEquals(closure, listed);
    assertTrue(
        computed.containsAll(List.of("java.base", "jdk.crypto.ec")),
        "jdeps' set and the providers: " + computed);
  }

  /**
   * A cluster-init bootstrap through the stand-in with the tarball's bin/rancherd: TLS to the
   * stand-in's supervisor and API (EC certificates), YAML, JSON, processes; every module rancherd
   * uses on the way must be in the runtime.
   */
  @Test
  void bootstrap_clusterInitThroughTheStandIn_withTheBundledRuntime() throws IOException {
    Path home = Built.extract(Files.createDirectory(dir.resolve("dist")));
    Path root = Files.createDirectory(dir.resolve("root"));
    standInRoot = root;
    Path config = ClusterInitNode.prepare(root, dir.resolve("node.yaml"), "packaging-it-token");

    Commands.Output out =
        Built.run(
            List.of(
                home.resolve("bin/rancherd").toString(),
                "bootstrap",
                "--once",
                "--root",
                root.toString(),
                "--service-manager",
                "direct",
                "--config",
                config.toString()),
            root,
            Map.of("STANDIN_ROOT", root.toString()));

    String described =
        "exit " + out.exitCode() + "\n" + out.stderr().replace("packaging-it-token", "<token>");
    assertEquals(0, out.exitCode(), described);
    assertTrue(out.stderr().contains("Node bootstrapped: cluster-init k3s"), described);
    assertTrue(
        Files.isRegularFile(root.resolve("var/lib/rancher/rancherd/bootstrapped")),
        "bootstrapped stamp");
    assertFalse(out.stderr().contains("packaging-it-token"), "the token is in no log line");
  }
}
