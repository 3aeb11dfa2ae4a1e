package io.rancherd.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

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

  @Test
  void enabledUnitBootstrapsAtFirstBootAndIsSkippedByItsConditionAfterAReboot() {
    try (TestBed bed = TestBed.open()) {
      String image =
          ImageBuild.ensure(
              "rancherd-e2e-custom",
              DOCKERFILE.formatted(bed.image()),
              Map.of(
                  "config.yaml",
                  StandInRuntime.K3S.clusterInitConfig().getBytes(StandardCharsets.UTF_8)));
      Node node = bed.node("custom-1", image);
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
}
