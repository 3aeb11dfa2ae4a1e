package io.rancherd.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Discovery's decision across real network namespaces ({@link NetnsBed}): separate rancherd
 * processes, one per namespace, find each other over real multicast DNS on a Linux bridge and poll
 * each other's join servers. Checks the decision each node logs, keeps in {@code discovery.json}
 * and shows in {@code rancherd status}. Needs root and iproute2.
 */
class DiscoveryIT {

  /** Bound of every wait (a decision takes about 10 s with 4 JVMs on 2 cores). */
  private static final Duration WAIT = Duration.ofSeconds(60);

  private static final String TOKEN = "discovery-it-shared-secret";
  private static final String WRONG_TOKEN = "discovery-it-another-secret";

  @TempDir Path tmp;

  private NetnsBed bed;

  @BeforeEach
  void usable() {
    NetnsBed.assumeUsable();
  }

  @AfterEach
  void closeBed() {
    if (bed != null) {
      bed.close();
    }
  }

  @Test
  void threeServersElectTheLowestAddressAndTheOtherTwoJoinIt() throws InterruptedException {
    bed = NetnsBed.open(3);
    List<DiscoveryNode> nodes = nodes(bed.hosts(), TOKEN, 3);
    nodes.forEach(DiscoveryNode::start);

    awaitDecided(nodes, nodes);

    DiscoveryNode initializer = onlyInitializer(nodes, nodes);
    assertEquals(
        address(1),
        initializer.address(),
        "the lowest address initializes" + DiscoveryNode.describe(nodes));
    assertFollowers(nodes, initializer, nodes);
    assertEquals(
        List.of(address(1), address(2), address(3)),
        agreed(initializer),
        "the initializer's discovery.json names the three servers that agreed"
            + DiscoveryNode.describe(nodes));
    assertStatusShowsTheDecision(nodes, nodes);
  }

  @Test
  void fourServersWithThreeExpectedStillElectExactlyOneInitializer() throws InterruptedException {
    bed = NetnsBed.open(4);
    List<DiscoveryNode> nodes = nodes(bed.hosts(), TOKEN, 3);
    nodes.forEach(DiscoveryNode::start);

    awaitDecided(nodes, nodes);

    DiscoveryNode initializer = onlyInitializer(nodes, nodes);
    assertFollowers(nodes, initializer, nodes);
    List<String> agreed = agreed(initializer);
    assertTrue(
        agreed.size() >= 3
            && agreed.contains(initializer.address())
            && agreed.equals(agreed.stream().sorted(DiscoveryIT::byAddress).toList())
            && agreed.get(0).equals(initializer.address()),
        "the initializer comes first of at least 3 servers that agreed: "
            + agreed
            + DiscoveryNode.describe(nodes));
    assertStatusShowsTheDecision(nodes, nodes);
  }

  @Test
  void aServerStartedAfterTheDecisionJoinsTheInitializer() throws InterruptedException {
    bed = NetnsBed.open(4);
    List<DiscoveryNode> nodes = nodes(bed.hosts(), TOKEN, 3);
    List<DiscoveryNode> first = nodes.subList(0, 3);
    DiscoveryNode late = nodes.get(3);
    first.forEach(DiscoveryNode::start);
    awaitDecided(first, nodes);
    DiscoveryNode initializer = onlyInitializer(first, nodes);
    assertEquals(address(1), initializer.address(), DiscoveryNode.describe(nodes));

    late.start();
    awaitDecided(List.of(late), nodes);

    assertEquals(
        Optional.of(initializer.address()),
        late.leader(),
        "the late node joins the initializer" + DiscoveryNode.describe(nodes));
    assertFollowers(nodes, initializer, nodes);
    assertEquals(
        List.of(address(1), address(2), address(3)),
        agreed(initializer),
        "the late node is not among the servers that agreed" + DiscoveryNode.describe(nodes));
    assertStatusShowsTheDecision(List.of(late), nodes);
  }

  @Test
  void aServerWithAnotherTokenIsIgnoredAndDoesNotBlockTheOthers() throws InterruptedException {
    bed = NetnsBed.open(4);
    List<NetnsBed.Host> hosts = bed.hosts();
    DiscoveryNode stranger = DiscoveryNode.prepare(bed, hosts.get(0), tmp, WRONG_TOKEN, 3);
    List<DiscoveryNode> good = nodes(hosts.subList(1, 4), TOKEN, 3);
    List<DiscoveryNode> all = new ArrayList<>(List.of(stranger));
    all.addAll(good);
    all.forEach(DiscoveryNode::start);

    awaitDecided(good, all);

    String describe = DiscoveryNode.describe(all);
    DiscoveryNode initializer = onlyInitializer(good, all);
    assertEquals(
        address(2), initializer.address(), "the lowest good address initializes" + describe);
    assertFollowers(good, initializer, all);
    assertEquals(
        List.of(address(2), address(3), address(4)),
        agreed(initializer),
        "the stranger is not among the servers that agreed" + describe);
    for (DiscoveryNode node : good) {
      // the election names it once ("not counted as a peer"); the join server, which refused the
      // stranger's own requests, names it once too, in other words: no notice is repeated
      List<String> ignored = node.logLines().stream().filter(l -> l.contains("Ignoring ")).toList();
      List<String> notCounted =
          ignored.stream()
              .filter(
                  l ->
                      l.contains("Ignoring " + stranger.address() + ": ")
                          && l.endsWith("it is not counted as a peer"))
              .toList();
      assertEquals(
          1, notCounted.size(), node.host + " names the stranger once as not counted" + describe);
      assertEquals(
          ignored.stream().distinct().count(),
          ignored.size(),
          node.host + " repeats no notice about the stranger" + describe);
      assertTrue(
          ignored.stream().allMatch(l -> l.contains("Ignoring " + stranger.address() + ": ")),
          node.host + " ignores no node but the stranger" + describe);
    }
    assertTrue(
        stranger.decision().filter(d -> d.startsWith(DiscoveryNode.INITIALIZES)).isEmpty(),
        "the stranger does not initialize" + describe);
    assertTrue(
        stranger.decision().isEmpty() && stranger.record().path("decision").isMissingNode(),
        "the stranger decides nothing: it counts only itself" + describe);
    List<String> strangerStatus = DiscoveryNode.discoveryLines(stranger.status());
    assertEquals(1, strangerStatus.size(), "status of the stranger: " + strangerStatus + describe);
    assertTrue(
        strangerStatus
            .get(0)
            .startsWith("discovery:    have 1 of 3 expected servers: " + stranger.address()),
        "status of the stranger: " + strangerStatus + describe);
    assertStatusShowsTheDecision(good, all);
    for (DiscoveryNode node : all) {
      assertFalse(
          node.log().contains(TOKEN) || node.log().contains(WRONG_TOKEN),
          node.host + " logged a token");
    }
  }

  // ---------------------------------------------------------------- helpers

  private List<DiscoveryNode> nodes(List<NetnsBed.Host> hosts, String token, int expectedServers) {
    return hosts.stream()
        .map(h -> DiscoveryNode.prepare(bed, h, tmp, token, expectedServers))
        .toList();
  }

  private static String address(int index) {
    return NetnsBed.SUBNET + "." + (10 + index);
  }

  private static int byAddress(String a, String b) {
    return Integer.compare(
        Integer.parseInt(a.substring(a.lastIndexOf('.') + 1)),
        Integer.parseInt(b.substring(b.lastIndexOf('.') + 1)));
  }

  private static void awaitDecided(List<DiscoveryNode> nodes, List<DiscoveryNode> context)
      throws InterruptedException {
    DiscoveryNode.await(
        WAIT,
        "every node of "
            + nodes.stream().map(n -> n.host.name()).toList()
            + " logs \""
            + DiscoveryNode.DECIDED
            + "\" and keeps the decision in discovery.json",
        () -> nodes.stream().allMatch(n -> n.decided() && n.record().has("decision")),
        () -> DiscoveryNode.describe(context));
  }

  /**
   * The one node of {@code nodes} that decided to initialize; fails unless there is exactly one.
   */
  private static DiscoveryNode onlyInitializer(
      List<DiscoveryNode> nodes, List<DiscoveryNode> context) {
    List<DiscoveryNode> initializers = nodes.stream().filter(DiscoveryNode::initializes).toList();
    assertEquals(
        1,
        initializers.size(),
        "exactly one node initializes, found "
            + initializers.stream().map(n -> n.host.name()).toList()
            + DiscoveryNode.describe(context));
    DiscoveryNode initializer = initializers.get(0);
    JsonNode record = initializer.record();
    assertEquals(
        "initialize",
        record.path("decision").asText(),
        initializer.host
            + ": discovery.json keeps the decision: "
            + record
            + DiscoveryNode.describe(context));
    return initializer;
  }

  /** Every node of {@code nodes} but the initializer decided, logged and recorded, to join it. */
  private static void assertFollowers(
      List<DiscoveryNode> nodes, DiscoveryNode initializer, List<DiscoveryNode> context) {
    for (DiscoveryNode node : nodes) {
      if (node == initializer) {
        continue;
      }
      assertEquals(
          Optional.of(initializer.address()),
          node.leader(),
          node.host + " decides to join " + initializer.host + DiscoveryNode.describe(context));
      JsonNode record = node.record();
      assertEquals(
          "join",
          record.path("decision").asText(),
          node.host
              + ": discovery.json keeps the decision: "
              + record
              + DiscoveryNode.describe(context));
      assertEquals(
          initializer.address(),
          record.path("leader").asText(),
          node.host
              + ": discovery.json names the leader: "
              + record
              + DiscoveryNode.describe(context));
    }
  }

  private static List<String> agreed(DiscoveryNode initializer) {
    List<String> agreed = new ArrayList<>();
    initializer.record().path("agreed").forEach(a -> agreed.add(a.asText()));
    return agreed;
  }

  /**
   * {@code rancherd status} of each node shows one discovery line with the decision its log names.
   */
  private static void assertStatusShowsTheDecision(
      List<DiscoveryNode> nodes, List<DiscoveryNode> context) {
    for (DiscoveryNode node : nodes) {
      NetnsBed.Result status = node.status();
      // none bootstraps (no air-gap artifacts): the attempt failed (1), or runs or waits (3)
      assertTrue(
          status.exitCode() == 1 || status.exitCode() == 3,
          node.host + ": " + node.redact(status.describe()));
      assertEquals(
          List.of("discovery:    decided: " + node.decision().orElseThrow()),
          DiscoveryNode.discoveryLines(status),
          node.host + ": " + node.redact(status.describe()) + DiscoveryNode.describe(context));
    }
  }
}
