package io.rancherd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What rancherd leaves in its data dir, whatever happened before: no temp file of a killed write,
 * nothing written through a planted link, and the modes docs/reference/files.md promises even under
 * umask 000.
 */
class DataDirIT {

  /** Above any Linux pid_max: no process has it, as after a writer was killed. */
  static final long GONE_PID = 999_999_999L;

  /** A plan step that fails at once, so that a bootstrap ends right after taking the lock. */
  static final String FAILING_STEP =
      """
      preInstructions:
        - name: stop-here
          command: /bin/sh
          args: ["-c", "exit 3"]
      """;

  @TempDir Path tmp;

  private StandInNode node;

  @AfterEach
  void stopRuntime() {
    if (node != null) {
      node.stop();
    }
  }

  private StandInNode node(String extra) throws IOException {
    node =
        StandInNode.clusterInit(
            Files.createDirectories(tmp.resolve("root")),
            Files.createDirectories(tmp.resolve("config")),
            "k3s",
            extra);
    return node;
  }

  @Test
  void theTempFileOfAPlanWriteKilledMidway_isGoneAfterTheNextRun() throws Exception {
    node(FAILING_STEP);
    Path killed = node.data("plan/.plan.json.tmp-" + GONE_PID);
    Files.createDirectories(killed.getParent());
    Files.writeString(killed, "{\"files\": [{\"content\": \"" + node.token + "\"}]}");

    Launcher.Result run = node.bootstrap("--step-attempts", "1");

    assertEquals(1, run.exitCode(), () -> run.describe(node.token));
    assertFalse(Files.exists(killed), "the killed write's temp file is removed");
    assertEquals(List.of(), tempFiles(node.data("")), "no temp file anywhere in the data dir");
    assertTrue(run.stderr().contains("Removed " + killed), () -> run.describe(node.token));
  }

  @Test
  void aLinkAtBootstrapLock_isNotFollowed_theBootstrapStopsNamingIt() throws Exception {
    node(FAILING_STEP);
    Path outside = Files.writeString(tmp.resolve("precious"), "not rancherd's\n");
    Files.createDirectories(node.data(""));
    Files.createSymbolicLink(node.data("bootstrap.lock"), outside);

    Launcher.Result run = node.bootstrap();

    assertEquals(1, run.exitCode(), () -> run.describe(node.token));
    assertEquals(
        "rancherd: taking the bootstrap lock: "
            + node.data("bootstrap.lock")
            + ": is a symbolic link, and rancherd follows none in its data dir: remove it (to"
            + " keep the data elsewhere, point --data-dir at the real directory)",
        last(run));
    assertEquals("not rancherd's\n", Files.readString(outside));
    assertFalse(Files.exists(node.data("plan")), "nothing done past the lock");
  }

  @Test
  void aLinkedDirectoryInTheDataDir_isNotFollowed() throws Exception {
    node(FAILING_STEP);
    Path outside = Files.createDirectories(tmp.resolve("elsewhere"));
    Files.createDirectories(node.data(""));
    Files.createSymbolicLink(node.data("plan"), outside);

    Launcher.Result run = node.bootstrap();

    assertEquals(1, run.exitCode(), () -> run.describe(node.token));
    assertTrue(
        last(run)
            .endsWith(
                node.data("plan")
                    + ": is a symbolic link, and rancherd follows none"
                    + " in its data dir: remove it (to keep the data elsewhere, point --data-dir at the real"
                    + " directory)"),
        () -> run.describe(node.token));
    assertEquals(List.of(), Launcher.entriesUnder(outside), "the plan is not written there");
  }

  @Test
  void aLinkAtAServiceLog_isNotFollowed_theServiceIsNotStarted() throws Exception {
    node("");
    Path unit = node.path("/etc/systemd/system/demo.service");
    Files.createDirectories(unit.getParent());
    Files.writeString(unit, "[Service]\nExecStart=/bin/sleep 30\n");
    Path outside = Files.writeString(tmp.resolve("precious"), "not rancherd's\n");
    Files.createDirectories(node.data("services"));
    Files.createSymbolicLink(node.data("services/demo.log"), outside);

    Launcher.Result run = node.run("service", "start", "demo", "--service-manager", "direct");

    assertEquals(1, run.exitCode(), run::describe);
    assertEquals(
        "rancherd: starting demo: "
            + node.data("services/demo.log")
            + ": is a symbolic link, and rancherd follows none in its data dir: remove it (to"
            + " keep the data elsewhere, point --data-dir at the real directory)",
        last(run));
    assertEquals("not rancherd's\n", Files.readString(outside));
    assertFalse(Files.exists(node.data("services/demo.pid")), "nothing started");
  }

  @Test
  void underUmask000_everyDirectoryIs0700_andEveryFile0600_asTheReadmeSays() throws Exception {
    node(
        "resources:\n  - {apiVersion: v1, kind: ConfigMap, metadata: {name: a, namespace: default}}\n");

    Launcher.Result run = node.bootstrapWithUmask("000");

    assertEquals(0, run.exitCode(), () -> run.describe(node.token));
    List<String> wrong = new ArrayList<>();
    Path data = node.data("");
    try (Stream<Path> walk = Files.walk(data)) {
      walk.forEach(
          p -> {
            boolean dir = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
            String expected = dir ? "rwx------" : "rw-------";
            String mode = mode(p);
            if (!mode.equals(expected)) {
              wrong.add(data.relativize(p) + " " + mode);
            }
          });
    }
    assertEquals(List.of(), wrong, "entries of the data dir with another mode");
    assertTrue(Files.isRegularFile(node.data("services/k3s.log")), "the service log was checked");
    assertTrue(Files.isDirectory(node.data("rancher")), "the plan's data-dir files were checked");
    assertEquals("rwxr-xr-x", mode(node.path("/var/lib/rancher")), "an ancestor: 0755");
    assertEquals("rw-------", mode(node.path("/etc/rancher/k3s/config.yaml.d/40-rancherd.yaml")));
  }

  private static String last(Launcher.Result run) {
    List<String> lines = run.stderrLines();
    return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
  }

  private static String mode(Path path) {
    try {
      return PosixFilePermissions.toString(
          Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> tempFiles(Path dir) {
    return Launcher.filesUnder(dir).stream()
        .filter(f -> f.matches(".*/?\\..*\\.tmp-[0-9]+"))
        .toList();
  }
}
