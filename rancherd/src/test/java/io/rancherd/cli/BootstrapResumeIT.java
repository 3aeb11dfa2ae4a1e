package io.rancherd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.rancherd.standin.StandInProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Crash and resume: the bootstrap is SIGKILLed during each step in turn and run again; a step that
 * always fails never leads to the bootstrapped stamp.
 */
class BootstrapResumeIT {

  private static final List<String> STEPS =
      List.of(
          "files",
          "install-k3s",
          "start-k3s",
          "probes",
          "wait-node",
          "install-rancher",
          "wait-rancher",
          "resources");

  /**
   * What keeps a step busy long enough to be killed in it (the stand-in's hold files, or the
   * install script's).
   */
  private static final Map<String, String> HOLDS =
      Map.of(
          "install-k3s",
          "install",
          "probes",
          "readyz",
          "wait-node",
          "node",
          "wait-rancher",
          "rancher");

  @TempDir Path tmp;

  private StandInNode node;

  @AfterEach
  void stopRuntime() {
    if (node != null) {
      node.stop();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "files",
        "install-k3s",
        "start-k3s",
        "probes",
        "wait-node",
        "install-rancher",
        "wait-rancher",
        "resources"
      })
  void killedDuringAStep_aReRunResumesThereAndCompletes(String step) throws Exception {
    node =
        StandInNode.clusterInit(
            dir("root"),
            dir("config"),
            "k3s",
            "resources:\n  - {apiVersion: v1, kind: ConfigMap, metadata: {name: a, namespace: default}}\n");
    holdableInstallScript();
    String hold = HOLDS.get(step);
    if (hold != null) {
      node.hold(hold, true);
    }
    Path log = tmp.resolve("killed-run.log");
    Process bootstrap = node.startBootstrap(log);
    if (step.equals("files")) {
      awaitFile(node.data("plan/plan.json"), bootstrap, log);
    } else {
      node.awaitRunning(step, bootstrap, log);
    }
    node.kill(bootstrap);

    assertFalse(
        Files.exists(node.data("bootstrapped")),
        "no bootstrapped stamp after a kill during " + step);
    Map<String, String> before = node.steps();
    int at = STEPS.indexOf(step);
    for (String earlier : STEPS.subList(0, at)) {
      assertEquals("done", before.get(earlier), () -> "steps before " + step + ": " + before);
    }
    if (hold != null) {
      assertEquals(
          "running", before.get(step), () -> "killed in the middle of " + step + ": " + before);
      node.hold(hold, false);
    }

    Launcher.Result rerun = node.bootstrap();

    assertEquals(
        0,
        rerun.exitCode(),
        () -> rerun.describe(node.token) + "\nservice log:\n" + node.serviceLog().orElse(""));
    assertTrue(Files.isRegularFile(node.data("bootstrapped")));
    assertEquals(STEPS, List.copyOf(node.steps().keySet()));
    assertTrue(
        node.steps().values().stream().allMatch("done"::equals), () -> "steps: " + node.steps());
    for (String earlier : STEPS.subList(0, at)) {
      if (before.get(earlier).equals("done")) {
        assertTrue(
            rerun.stderr().contains("Step " + earlier + " is done already"),
            () -> earlier + " was not skipped on the re-run:\n" + rerun.describe(node.token));
      }
    }
    assertFalse(
        rerun.stderr().contains(node.token) || Launcher.readString(log).contains(node.token),
        "token in a log");
  }

  @Test
  void aRebootAfterTheStartStep_withTheDirectManager_startsTheRuntimeAgainAndCompletes()
      throws Exception {
    node = StandInNode.clusterInit(dir("root"), dir("config"), "k3s", "");
    node.hold("readyz", true);
    Path log = tmp.resolve("before-reboot.log");
    Process bootstrap = node.startBootstrap(log);
    node.awaitRunning("probes", bootstrap, log);
    assertEquals("done", node.steps().get("start-k3s"));
    assertFalse(StandInProcesses.find(node.root).isEmpty(), "the runtime runs before the reboot");

    // The reboot: rancherd and the runtime are gone; nothing starts the runtime (no systemd).
    node.kill(bootstrap);
    node.stop();
    assertEquals(List.of(), StandInProcesses.find(node.root));
    node.hold("readyz", false);

    Launcher.Result rerun = node.bootstrap();

    assertEquals(
        0,
        rerun.exitCode(),
        () -> rerun.describe(node.token) + "\nservice log:\n" + node.serviceLog().orElse(""));
    assertTrue(Files.isRegularFile(node.data("bootstrapped")));
    assertTrue(
        rerun
            .stderr()
            .contains(
                "Step start-k3s was done, but k3s does not run (the direct service manager does"
                    + " not start it again after a reboot): running it again"),
        () -> rerun.describe(node.token));
    assertTrue(
        rerun.stderr().contains("Step install-k3s is done already"),
        () -> rerun.describe(node.token));
    assertFalse(StandInProcesses.find(node.root).isEmpty(), "the runtime runs again");
  }

  /**
   * {@code systemctl stop rancherd} during a bootstrap: SIGTERM ends rancherd with 143, which the
   * unit counts as success (SuccessExitStatus=143); the journal says the bootstrap resumes, and the
   * next start does resume at the interrupted step.
   */
  @Test
  void sigtermDuringAStep_exits143SayingItResumes_andTheNextRunDoes() throws Exception {
    node = StandInNode.clusterInit(dir("root"), dir("config"), "k3s", "");
    node.hold("readyz", true);
    Path log = tmp.resolve("stopped-run.log");
    Process bootstrap = node.startBootstrap(log);
    node.awaitRunning("probes", bootstrap, log);

    int status = node.terminate(bootstrap);

    String stopped = Launcher.readString(log).replace(node.token, "<token>");
    assertEquals(143, status, stopped);
    assertTrue(
        stopped.contains(
            "WARN Stopped during the bootstrap: it resumes at the first step not done at the next"
                + " start"),
        stopped);
    assertFalse(Files.exists(node.data("bootstrapped")));
    assertEquals("running", node.steps().get("probes"), () -> "steps: " + node.steps());
    node.hold("readyz", false);

    Launcher.Result rerun = node.bootstrap();

    assertEquals(0, rerun.exitCode(), () -> rerun.describe(node.token));
    assertTrue(
        rerun.stderr().contains("Step start-k3s is done already"),
        () -> rerun.describe(node.token));
    assertFalse(
        rerun.stderr().contains("Stopped during the bootstrap"),
        () -> "a bootstrap that ends by itself says nothing of a stop\n" + rerun.describe());
  }

  @Test
  void aStepThatAlwaysFails_neverBootstrapsAndOnceNamesStepStatusAndOutput() throws Exception {
    node =
        StandInNode.clusterInit(
            dir("root"),
            dir("config"),
            "k3s",
            """
        preInstructions:
          - name: always-fails
            command: /bin/sh
            args: ["-c", "echo preparing the disk; echo no space left on device >&2; exit 7"]
        """);

    Launcher.Result once = node.bootstrap("--step-attempts", "2", "--retry-delay", "100ms");

    assertEquals(1, once.exitCode(), () -> once.describe(node.token));
    List<String> lines = once.stderrLines();
    assertEquals(
        "rancherd: running step always-fails: exit status 7; last output: preparing the disk | "
            + "no space left on device",
        lines.get(lines.size() - 1),
        () -> once.describe(node.token));
    assertEquals(
        2,
        once.stderr()
            .lines()
            .filter(l -> l.contains("Step always-fails: running (attempt"))
            .count(),
        () -> once.describe(node.token));
    assertFalse(Files.exists(node.data("bootstrapped")));
    assertTrue(Files.isRegularFile(node.data("working")));
    assertEquals(
        Set.of("files", "always-fails"),
        node.steps().keySet(),
        "nothing after the failing step ran");

    Launcher.Result status = node.run("status");
    String failed =
        status
            .stdout()
            .lines()
            .filter(l -> l.trim().startsWith("always-fails"))
            .findFirst()
            .orElse("");
    assertTrue(
        failed.contains("failed")
            && failed.contains("attempt 2")
            && failed.contains("exit status 7"),
        status::describe);
    assertTrue(
        status.stdout().contains("install-k3s")
            && status
                .stdout()
                .lines()
                .anyMatch(l -> l.trim().startsWith("install-k3s") && l.endsWith("pending")),
        status::describe);

    // Without --once it keeps trying, and still never writes the stamp.
    Path log = tmp.resolve("endless.log");
    Process endless = node.startBootstrap(log);
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (!Launcher.readString(log).contains("Bootstrap attempt 2 failed")) {
      if (Instant.now().isAfter(deadline) || !endless.isAlive()) {
        node.kill(endless);
        fail("bootstrap did not retry a failed attempt:\n" + Launcher.readString(log));
      }
      StandInNode.sleep(50);
    }
    node.kill(endless);
    assertTrue(Launcher.readString(log).contains("Retrying in "), Launcher.readString(log));
    assertFalse(Files.exists(node.data("bootstrapped")));
    assertFalse(
        Launcher.readString(log).contains(node.token) || once.stderr().contains(node.token),
        "token in a log");
  }

  private Path dir(String name) throws IOException {
    return Files.createDirectories(tmp.resolve(name));
  }

  /** Makes the air-gap install.sh wait while the hold file "install" exists. */
  private void holdableInstallScript() throws IOException {
    Path script = node.path(StandInNode.AIRGAP + "/install.sh");
    String original = Files.readString(script);
    String body =
        original.startsWith("#!") ? original.substring(original.indexOf('\n') + 1) : original;
    Files.writeString(
        script,
        "#!/bin/sh\nwhile [ -e \"$STANDIN_ROOT/var/lib/standin/hold-install\" ]; do sleep 0.1; done\n"
            + body);
  }

  private static void awaitFile(Path file, Process process, Path log) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (!Files.exists(file)) {
      if (Instant.now().isAfter(deadline) || !process.isAlive()) {
        fail(file + " was not written:\n" + Launcher.readString(log));
      }
      StandInNode.sleep(2);
    }
  }
}
