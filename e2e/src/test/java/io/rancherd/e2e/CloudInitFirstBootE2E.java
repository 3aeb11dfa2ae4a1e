package io.rancherd.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 6, scenarios 1 and 5: a node's first boot with a NoCloud seed whose user-data has a {@code
 * rancherd:} section and runs {@code rancherd bootstrap} from {@code runcmd}. It bootstraps, {@code
 * get-token} prints a secure token, and after a reboot rancherd does not run again while the
 * runtime comes back.
 */
class CloudInitFirstBootE2E {

  private static final Pattern K10_TOKEN = Pattern.compile("K10[0-9a-f]{64}::server:\\S+");

  /** A rancherd log line outside the journal: an ISO-8601 UTC time, then the level (issue 16). */
  private static final Pattern RANCHERD_LOG_LINE =
      Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z (INFO|WARN|ERROR) ");

  @Test
  void k3sNodeBootstrapsOnFirstBootAndStaysUpWithoutRunningAgainAfterAReboot() {
    try (TestBed bed = TestBed.open()) {
      Node node = firstBoot(bed, "k3s-single", StandInRuntime.K3S);
      assertTrue(node.run("rancherd", "status").contains("bootstrapped: yes"), node.diagnostics());
      assertNotEquals(
          0,
          node.shell("command -v java").getExitCode(),
          "the node has a java on its PATH: rancherd must not need one");
      String token = joinToken(bed, node);

      String stampBefore = stampRecord(node);
      long logLinesBefore = rancherdLogLines(node);
      assertTrue(
          logLinesBefore > 0,
          "no rancherd log lines in cloud-init-output.log\n" + node.diagnostics());
      node.reboot();
      node.awaitActive("k3s");

      assertEquals(
          stampBefore, stampRecord(node), "the bootstrapped stamp changed across the reboot");
      assertEquals(
          logLinesBefore,
          rancherdLogLines(node),
          "rancherd ran again after the reboot\n" + node.diagnostics());
      assertTrue(node.run("rancherd", "status").contains("bootstrapped: yes"), node.diagnostics());
      // Compared as a boolean: assertEquals would print both tokens on failure.
      assertTrue(
          token.equals(node.run("rancherd", "get-token").trim()),
          "the join token changed across the reboot");
    }
  }

  @Test
  void rke2NodeBootstrapsOnFirstBootThroughTheSamePath() {
    try (TestBed bed = TestBed.open()) {
      Node node = firstBoot(bed, "rke2-single", StandInRuntime.RKE2);
      assertEquals("rke2", node.stamp().get("runtime"), node.diagnostics());
      assertTrue(node.active("rke2-server"), "rke2-server is not active\n" + node.diagnostics());
      joinToken(bed, node);
    }
  }

  /**
   * Boots a node whose user-data initializes a cluster of {@code runtime}; returns it bootstrapped
   * as cluster-init.
   */
  private static Node firstBoot(TestBed bed, String name, StandInRuntime runtime) {
    Node node =
        bed.node(name).withUserData(UserData.of(runtime.clusterInitConfig(), UserData.BOOTSTRAP));
    bed.boot(node);
    node.awaitBootstrapped();
    node.printBootToBootstrapped();
    assertEquals("cluster-init", node.stamp().get("role"), node.diagnostics());
    return node;
  }

  /**
   * {@code rancherd get-token}'s output, which must be {@code K10<64 hex>::server:<secret>}; never
   * printed.
   */
  private static String joinToken(TestBed bed, Node node) {
    String token = bed.secrets().add(node.run("rancherd", "get-token").trim());
    assertTrue(
        K10_TOKEN.matcher(token).matches(),
        "get-token does not print K10<64 hex>::server:<secret> (it printed "
            + token.length()
            + " characters)");
    return token;
  }

  /** The stamp's modification time and content. */
  private static String stampRecord(Node node) {
    return node.run("stat", "-c", "%.9Y", Node.STAMP) + node.read(Node.STAMP);
  }

  /**
   * rancherd's log lines ({@code LEVEL message}) in the runcmd output that cloud-init keeps across
   * boots.
   */
  private static long rancherdLogLines(Node node) {
    return node.read("/var/log/cloud-init-output.log")
        .lines()
        .filter(line -> RANCHERD_LOG_LINE.matcher(line).lookingAt())
        .count();
  }
}
