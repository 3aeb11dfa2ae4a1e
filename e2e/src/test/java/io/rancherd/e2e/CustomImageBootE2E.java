package io.rancherd.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Container;

/**
 * Issue 6, scenario 2: a custom image with rancherd's config in {@code
 * /etc/rancher/rancherd/config.yaml} (0600), {@code rancherd.service} enabled and cloud-init
 * disabled. The unit bootstraps the node at its first boot; at the next boot its {@code
 * ConditionPathExists=!…/bootstrapped} skips it.
 */
class CustomImageBootE2E {

  private static final String DOCKERFILE =
      """
      FROM %s
      COPY config.yaml /etc/rancher/rancherd/config.yaml
      RUN chmod 0600 /etc/rancher/rancherd/config.yaml && systemctl enable rancherd && touch /etc/cloud/cloud-init.disabled
      """;

  /** While it exists, the stand-in's API server is not ready: the bootstrap waits in probes. */
  private static final String HOLD_READYZ = "/var/lib/standin/hold-readyz";

  private static final Pattern PROBES_RUNNING = Pattern.compile("(?m)^\\s+probes\\s+running\\b");

  @Test
  void enabledUnitBootstrapsAtFirstBootAndIsSkippedByItsConditionAfterAReboot() {
    try (TestBed bed = TestBed.open()) {
      Node node = bed.node("custom-1", image(bed));
      bed.boot(node);
      node.awaitBootstrapped();
      node.printBootToBootstrapped();

      assertFalse(
          node.exists("/var/lib/cloud/instance"),
          "cloud-init ran although it is disabled\n" + node.diagnostics());
      assertTrue(
          node.run("journalctl", "-b", "-u", "rancherd", "--no-pager")
              .contains("INFO Role cluster-init"),
          "rancherd.service did not run the bootstrap\n" + node.diagnostics());
      assertEquals("cluster-init", node.stamp().get("role"), node.diagnostics());
      String stamp = node.read(Node.STAMP);

      node.reboot();
      node.awaitActive("k3s");
      String status = node.exec("systemctl", "status", "--no-pager", "rancherd").getStdout();
      assertTrue(
          status.contains(
              "ConditionPathExists=!/var/lib/rancher/rancherd/bootstrapped was not met"),
          "rancherd.service was not skipped by its condition:\n" + bed.secrets().redact(status));
      assertEquals(
          stamp, node.read(Node.STAMP), "the bootstrapped stamp changed across the reboot");
      assertTrue(node.run("rancherd", "status").contains("bootstrapped: yes"), node.diagnostics());
    }
  }

  /**
   * Issue 16: {@code systemctl stop rancherd} while the bootstrap waits in its probes step leaves
   * the unit inactive, not failed (SuccessExitStatus=143), with the line that says the bootstrap
   * resumes; the next start resumes it. {@code man rancherd} and {@code systemctl help rancherd}
   * show the package's manual page.
   */
  @Test
  void stopDuringABootstrap_leavesTheUnitInactiveNotFailed_andTheNextStartResumes() {
    try (TestBed bed = TestBed.open()) {
      Node node = bed.node("custom-stop", image(bed)).withFile(HOLD_READYZ, "", 0644);
      bed.boot(node);
      Await.until(
          "custom-stop: the bootstrap waits in its probes step",
          Node.BOOTSTRAP_LIMIT,
          () -> PROBES_RUNNING.matcher(node.exec("rancherd", "status").getStdout()).find(),
          node::diagnostics);

      node.run("systemctl", "stop", "rancherd");

      String state = node.run("systemctl", "show", "-p", "ActiveState", "-p", "Result", "rancherd");
      assertTrue(
          state.contains("ActiveState=inactive") && state.contains("Result=success"),
          state + node.diagnostics());
      assertNotEquals(0, node.exec("systemctl", "is-failed", "--quiet", "rancherd").getExitCode());
      assertTrue(
          node.run("journalctl", "-b", "-u", "rancherd", "--no-pager")
              .contains("Stopped during the bootstrap: it resumes at the first step not done"),
          node.diagnostics());
      assertFalse(node.isBootstrapped(), node.diagnostics());
      // journald got each line's priority: -p warning keeps the warning, drops the info lines
      String warnings =
          node.run("journalctl", "-b", "-u", "rancherd", "-p", "warning", "--no-pager");
      assertTrue(warnings.contains("WARN Stopped during the bootstrap"), warnings);
      assertFalse(warnings.contains("INFO Role cluster-init"), warnings);

      String man = node.run("sh", "-c", "MANWIDTH=80 man rancherd");
      assertTrue(man.contains("rancherd - Bootstrap k3s or RKE2 and Rancher"), man);
      Container.ExecResult help = node.exec("systemctl", "help", "--no-pager", "rancherd");
      assertEquals(0, help.getExitCode(), help.getStdout() + help.getStderr());
      assertTrue(help.getStdout().contains("RANCHERD(8)"), help.getStdout());

      node.run("rm", HOLD_READYZ);
      node.run("systemctl", "start", "--no-block", "rancherd");
      node.awaitBootstrapped();
      String journal = node.run("journalctl", "-b", "-u", "rancherd", "--no-pager");
      assertTrue(journal.contains("Step start-k3s is done already"), node.diagnostics());
    }
  }

  /** The node image with rancherd's config and the unit enabled, cloud-init off. */
  private static String image(TestBed bed) {
    return ImageBuild.ensure(
        "rancherd-e2e-custom",
        DOCKERFILE.formatted(bed.image()),
        Map.of(
            "config.yaml",
            StandInRuntime.K3S.clusterInitConfig().getBytes(StandardCharsets.UTF_8)));
  }
}
