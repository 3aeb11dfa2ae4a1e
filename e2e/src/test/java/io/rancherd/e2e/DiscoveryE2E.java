package io.rancherd.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Issue 6, scenario 3: three servers booted together on one Docker network with a shared short
 * token and {@code discovery: {params: {provider: mdns}, expectedServers: 3}}. They find each other
 * over mDNS, exactly one initializes the cluster, the other two verify its CA through its join
 * server and join it; all three reach {@code bootstrapped}.
 *
 * <p>The stand-in installs "Rancher" in seconds, where the real one takes minutes: the initializing
 * node's Rancher is held not ready ({@code hold-rancher}) until both followers are bootstrapped, so
 * that it runs on (and serves its join server) as long as a real first server would.
 */
class DiscoveryE2E {

  private static final String HOLD_RANCHER = "/var/lib/standin/hold-rancher";
  private static final String DISCOVERY_RECORD = Node.DATA_DIR + "/discovery.json";
  private static final Duration DECISION_LIMIT = Duration.ofMinutes(3);

  @Test
  void threeServersElectOneToInitializeAndTheOtherTwoJoinItAfterVerifyingItsCa() {
    try (TestBed bed = TestBed.open()) {
      String token = bed.secrets().add("e2e-discovery-" + Secrets.randomHex(8));
      String config =
          StandInRuntime.K3S
                  .clusterInitConfig()
                  .replace("role: cluster-init", "role: server\ntoken: " + token)
              + "discovery:\n  params: {provider: mdns}\n  expectedServers: 3\n";
      List<Node> servers = new ArrayList<>();
      for (int i = 1; i <= 3; i++) {
        servers.add(
            bed.node("discover-" + i)
                .withUserData(UserData.of(config, UserData.BOOTSTRAP))
                .withFile(
                    HOLD_RANCHER, "held by DiscoveryE2E until the followers have joined\n", 0644));
      }
      bed.boot(servers.toArray(Node[]::new));

      Await.until(
          "each server's discovery decided",
          DECISION_LIMIT,
          () -> servers.stream().allMatch(node -> decision(node).isPresent()),
          bed::diagnostics);
      List<Node> leaders =
          servers.stream()
              .filter(node -> decision(node).orElseThrow().equals("initialize"))
              .toList();
      assertEquals(
          1, leaders.size(), "not exactly one server decided to initialize\n" + bed.diagnostics());
      Node leader = leaders.get(0);
      List<Node> followers = servers.stream().filter(node -> node != leader).toList();
      for (Node follower : followers) {
        follower.run("rm", "-f", HOLD_RANCHER);
      }
      for (Node follower : followers) {
        follower.awaitBootstrapped();
      }
      leader.run("rm", "-f", HOLD_RANCHER);
      leader.awaitBootstrapped();

      assertEquals("cluster-init", leader.stamp().get("role"), leader.diagnostics());
      String clusterCa = leader.run("rancherd", "get-token", "--ca-checksum").trim();
      for (Node follower : followers) {
        Map<String, Object> stamp = follower.stamp();
        assertEquals("server", stamp.get("role"), follower.diagnostics());
        assertEquals(
            "the join server's /cacerts handshake",
            stamp.get("serverCaVerifiedBy"),
            follower.diagnostics());
        assertEquals(clusterCa, stamp.get("serverCa"), follower.diagnostics());
        assertTrue(follower.active("k3s"), "k3s is not active\n" + follower.diagnostics());
      }
      assertEquals(
          2,
          leader
              .read("/var/lib/standin/registrations.log")
              .lines()
              .filter(line -> line.startsWith("joined server"))
              .count(),
          "the initializing node did not register both followers as servers\n" + bed.diagnostics());
      for (Node node : servers) {
        assertFalse(
            node.read("/var/log/cloud-init-output.log").contains(token),
            "the token appears in the log of " + node.name());
      }
    }
  }

  /** {@code initialize} or {@code join}, once the node's discovery has decided. */
  private static Optional<String> decision(Node node) {
    if (!node.exists(DISCOVERY_RECORD)) {
      return Optional.empty();
    }
    return Optional.ofNullable(Node.yaml(node.read(DISCOVERY_RECORD)).get("decision"))
        .map(Object::toString);
  }
}
