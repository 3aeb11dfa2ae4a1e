package io.rancherd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rancherd.standin.StandInProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rancherd reset} on the stand-in, with the direct service manager: after a finished and
 * after a SIGKILLed half-done bootstrap it stops the runtime, runs the uninstall script the install
 * script wrote, removes what rancherd wrote, keeps the user's config, and a following bootstrap
 * completes from scratch; --dry-run lists what it then does and changes nothing.
 */
class ResetIT {

  @TempDir Path root;
  @TempDir Path configDir;

  private StandInNode node;

  @AfterEach
  void stopRuntime() {
    if (node != null) {
      node.stop();
    }
  }

  @Test
  void afterAFinishedBootstrapResetUndoesItAndBootstrapStartsOver() throws Exception {
    node = StandInNode.clusterInit(root, configDir, "k3s", "");
    String userConfig = Files.readString(node.config);
    assertEquals(0, node.bootstrap().exitCode());
    Set<String> before = new TreeSet<>(Launcher.filesUnder(root));

    Launcher.Result dryRun = node.run("reset", "--dry-run", "--service-manager", "direct");

    assertEquals(0, dryRun.exitCode(), dryRun::describe);
    assertEquals(before, new TreeSet<>(Launcher.filesUnder(root)), "--dry-run changes nothing");
    List<String> listed =
        dryRun.stdout().lines().filter(l -> l.startsWith("  ")).map(String::trim).toList();
    assertEquals("stop and disable k3s (direct)", listed.get(0), dryRun.stdout());
    assertEquals(
        "run /usr/local/bin/k3s-uninstall.sh (removes the runtime, its data, config and units)",
        listed.get(1),
        dryRun.stdout());
    assertTrue(
        listed.contains("remove /etc/rancher/k3s/config.yaml.d/40-rancherd.yaml"), dryRun.stdout());
    assertEquals(
        "remove /var/lib/rancher/rancherd (rancherd's stamps, journal, plan, token and records)",
        listed.get(listed.size() - 1),
        dryRun.stdout());

    Launcher.Result reset = node.run("reset", "--yes", "--service-manager", "direct");

    assertEquals(0, reset.exitCode(), () -> reset.describe(node.token));
    assertTrue(StandInProcesses.find(root).isEmpty(), "the runtime is stopped");
    for (String line : listed) {
      if (line.startsWith("remove /") && !line.contains(" (")) {
        String path = line.substring("remove /".length());
        assertFalse(Files.exists(root.resolve(path)), path + " is gone, as --dry-run said");
      }
    }
    for (String gone :
        List.of(
            "etc/rancher/k3s/config.yaml.d/40-rancherd.yaml",
            "etc/systemd/system/k3s.service",
            "usr/local/bin/k3s",
            "var/lib/rancher/k3s/server/manifests/rancherd-rancher.yaml",
            "var/lib/rancher/rancherd/bootstrapped",
            "var/lib/rancher/rancherd/plan/plan.json")) {
      assertFalse(Files.exists(root.resolve(gone)), gone + " is gone");
    }
    assertEquals(userConfig, Files.readString(node.config), "the user's config is kept");
    assertFalse(reset.stderr().contains(node.token), "no token in reset's output");

    Launcher.Result again = node.bootstrap();
    assertEquals(0, again.exitCode(), () -> again.describe(node.token));
    assertTrue(
        again
            .stderr()
            .matches("(?s).*Node bootstrapped: cluster-init k3s \\(all \\d+ steps ran now\\).*"),
        "from scratch: " + again.stderr());
    assertTrue(Files.isRegularFile(node.data("bootstrapped")));
  }

  @Test
  void afterAKilledHalfDoneBootstrapResetLetsTheNextBootstrapComplete() throws Exception {
    node = StandInNode.clusterInit(root, configDir, "rke2", "");
    Path log = root.resolve("../half-done.log");
    Process bootstrap = node.startBootstrap(log);
    node.awaitRunning("probes", bootstrap, log);
    node.kill(bootstrap);

    Launcher.Result reset = node.run("reset", "--yes", "--service-manager", "direct");

    assertEquals(0, reset.exitCode(), reset::describe);
    assertTrue(
        reset.stderr().contains("Reset: stop and disable rke2-server (direct)"), reset.stderr());
    assertTrue(
        reset.stderr().contains("Reset: run /usr/local/bin/rke2-uninstall.sh"), reset.stderr());
    assertTrue(StandInProcesses.find(root).isEmpty(), "the runtime is stopped");
    assertFalse(Files.exists(node.data("working")), "no stamp is left");
    assertFalse(Files.exists(node.path("/etc/rancher/rke2/config.yaml.d/40-rancherd.yaml")));

    Launcher.Result again = node.bootstrap();
    assertEquals(0, again.exitCode(), () -> again.describe(node.token));
  }

  @Test
  void withoutYesAndWithoutATerminalResetRefusesAndChangesNothing() throws Exception {
    node = StandInNode.clusterInit(root, configDir, "k3s", "");
    Launcher.Result planned = node.run("plan", "--config", node.config.toString());
    assertEquals(0, planned.exitCode(), planned::describe);
    Files.createDirectories(root.resolve("var/lib/rancher/rancherd"));
    Launcher.write(root.resolve("var/lib/rancher/rancherd/working"), "{}\n");
    Set<String> before = new TreeSet<>(Launcher.filesUnder(root));

    Launcher.Result reset = node.run("reset", "--service-manager", "direct");

    assertEquals(2, reset.exitCode(), reset::describe);
    assertTrue(reset.stderr().contains("pass --yes"), reset.stderr());
    assertEquals(before, new TreeSet<>(Launcher.filesUnder(root)), "nothing changed");
  }
}
