package io.rancherd.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.rancherd.testing.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DiscoveryTest {

  /** The addresses mDNS answers with, changed by the test between rounds; and the states shown. */
  record ScriptedSource(Set<PeerAddress> visible, List<PeerState> published) implements PeerSource {

    void show(String... peers) {
      visible.clear();
      visible.addAll(list(peers));
    }

    @Override
    public Set<PeerAddress> seen() {
      return Set.copyOf(visible);
    }

    @Override
    public void publish(PeerState state) {
      published.add(state);
    }

    @Override
    public String describe() {
      return "scripted";
    }
  }

  /**
   * What each peer answers; a peer without a script refuses the connection. Keeps who was asked.
   */
  record ScriptedPoller(Map<PeerAddress, Poll> answers, List<List<PeerAddress>> asked)
      implements Poller {

    void answer(String peer, Poll poll) {
      answers.put(at(peer), poll);
    }

    @Override
    public Map<PeerAddress, Poll> poll(Collection<PeerAddress> peers) {
      asked.add(List.copyOf(peers));
      Map<PeerAddress, Poll> polls = new HashMap<>();
      peers.forEach(
          p -> polls.put(p, answers.getOrDefault(p, new Poll.Failed("connection refused"))));
      return polls;
    }
  }

  static final Duration CACHE = Duration.ofSeconds(60);

  final FakeClock clock = new FakeClock();
  final List<String> notices = new ArrayList<>();
  final ScriptedSource source = new ScriptedSource(new HashSet<>(), new ArrayList<>());
  final ScriptedPoller poller = new ScriptedPoller(new HashMap<>(), new ArrayList<>());

  static PeerAddress at(String text) {
    return PeerAddress.parse(text);
  }

  static List<PeerAddress> list(String... texts) {
    return List.of(texts).stream().map(DiscoveryTest::at).sorted().toList();
  }

  static Poll sees(String... peers) {
    return new Poll.Answered(
        new PeerReport("id", PeerState.DISCOVERING, list(peers), Optional.empty()));
  }

  static Poll state(PeerState state, String... peers) {
    return new Poll.Answered(new PeerReport("id", state, list(peers), Optional.empty()));
  }

  Discovery server(String self, int expected) {
    return new Discovery(
        new Discovery.Identity(at(self), "id-" + self, true),
        expected,
        CACHE,
        source,
        poller,
        clock,
        notices::add);
  }

  Discovery agent(String self, int expected) {
    return new Discovery(
        new Discovery.Identity(at(self), "id-" + self, false),
        expected,
        CACHE,
        source,
        poller,
        clock,
        notices::add);
  }

  static String confirming(String... peers) {
    return "all "
        + peers.length
        + " servers agree ("
        + String.join(", ", peers)
        + "); confirming in the next round";
  }

  @Test
  void round_aPeerWithoutTheTokenIsLeftOutNamedOnceAndBlocksNobody() throws Exception {
    Discovery node = server("10.0.0.2", 2);
    source.show("10.0.0.1", "10.0.0.3");
    poller.answer(
        "10.0.0.1", new Poll.Rejected("its answer does not prove it holds this cluster's token"));
    poller.answer("10.0.0.3", sees("10.0.0.2", "10.0.0.3"));

    Decision first = node.round();
    Decision second = node.round();

    assertEquals(confirming("10.0.0.2", "10.0.0.3"), first.describe());
    assertEquals(new Decision.Initialize(list("10.0.0.2", "10.0.0.3")), second);
    assertEquals(
        List.of(
            "Ignoring 10.0.0.1: its answer does not prove it holds this cluster's token; it is not "
                + "counted as a peer"),
        notices);
    assertEquals(
        List.of(list("10.0.0.1", "10.0.0.3"), list("10.0.0.3")), poller.asked(), "not asked again");
    assertEquals(list("10.0.0.2", "10.0.0.3"), node.report().peers());
  }

  @Test
  void round_anAddressOfThisNodeIsDroppedNamedOnceAndNotWaitedFor() throws Exception {
    Discovery node = server("10.0.0.2", 2);
    source.show("10.0.0.2", "10.0.0.1", "10.0.0.3");
    poller.answer("10.0.0.1", new Poll.Self());
    poller.answer("10.0.0.3", sees("10.0.0.2", "10.0.0.3"));

    Decision first = node.round();
    Decision second = node.round();

    assertEquals(confirming("10.0.0.2", "10.0.0.3"), first.describe());
    assertEquals(new Decision.Initialize(list("10.0.0.2", "10.0.0.3")), second);
    assertEquals(
        List.of(
            "10.0.0.1 is an address of this node (its join server answered with this node's id): "
                + "not counted again"),
        notices);
    assertEquals(
        List.of(list("10.0.0.1", "10.0.0.3"), list("10.0.0.3")),
        poller.asked(),
        "its own announced address is never asked; the other one once");
  }

  @Test
  void round_aPeerNotSeenForLongerThanTheCacheDurationIsForgottenAndNoLongerAwaited()
      throws Exception {
    Discovery node = server("10.0.0.2", 2);
    source.show("10.0.0.1", "10.0.0.3");
    poller.answer("10.0.0.3", sees("10.0.0.1", "10.0.0.2", "10.0.0.3"));
    String waitingForTheDeadOne =
        "waiting for 10.0.0.1 to initialize the cluster: it comes first of the 3 servers "
            + "seen (10.0.0.1, 10.0.0.2, 10.0.0.3) (no answer: connection refused)";

    assertEquals(waitingForTheDeadOne, node.round().describe());
    source.show("10.0.0.3");
    clock.advance(CACHE);
    assertEquals(
        waitingForTheDeadOne, node.round().describe(), "remembered for the whole cache duration");
    clock.advance(Duration.ofSeconds(1));
    poller.answer("10.0.0.3", sees("10.0.0.2", "10.0.0.3"));
    Decision forgotten = node.round();
    clock.advance(Duration.ofSeconds(5));

    assertEquals(confirming("10.0.0.2", "10.0.0.3"), forgotten.describe());
    assertEquals(list("10.0.0.2", "10.0.0.3"), node.report().peers());
    assertEquals(new Decision.Initialize(list("10.0.0.2", "10.0.0.3")), node.round());
  }

  @Test
  void round_anMdnsAnswerLostForARoundDoesNotChangeTheList() throws Exception {
    Discovery node = server("10.0.0.1", 2);
    poller.answer("10.0.0.2", sees("10.0.0.1", "10.0.0.2"));
    source.show("10.0.0.2");
    node.round();
    source.show();
    clock.advance(Duration.ofSeconds(5));

    Decision decision = node.round();

    assertEquals(new Decision.Initialize(list("10.0.0.1", "10.0.0.2")), decision);
    assertEquals(List.of(list("10.0.0.2"), list("10.0.0.2")), poller.asked());
  }

  @Test
  void round_confirmsAgainAfterARoundWithoutAnswer() throws Exception {
    Discovery node = server("10.0.0.1", 2);
    source.show("10.0.0.2");
    poller.answer("10.0.0.2", sees("10.0.0.1", "10.0.0.2"));
    node.round();
    poller.answer("10.0.0.2", new Poll.Failed("timeout"));
    Decision lost = node.round();
    poller.answer("10.0.0.2", sees("10.0.0.1", "10.0.0.2"));

    Decision again = node.round();

    assertEquals(
        "1 of 2 servers agree (10.0.0.1); awaiting 10.0.0.2 (no answer: timeout)", lost.describe());
    assertEquals(confirming("10.0.0.1", "10.0.0.2"), again.describe());
    assertEquals(new Decision.Initialize(list("10.0.0.1", "10.0.0.2")), node.round());
  }

  @Test
  void round_aServerAppearingInTheConfirmingRoundMeansConfirmingAgain() throws Exception {
    Discovery node = server("10.0.0.1", 2);
    source.show("10.0.0.2");
    poller.answer("10.0.0.2", sees("10.0.0.1", "10.0.0.2"));
    node.round();
    source.show("10.0.0.2", "10.0.0.3");
    poller.answer("10.0.0.2", sees("10.0.0.1", "10.0.0.2", "10.0.0.3"));
    poller.answer("10.0.0.3", sees("10.0.0.1", "10.0.0.2", "10.0.0.3"));

    Decision grown = node.round();

    assertEquals(confirming("10.0.0.1", "10.0.0.2", "10.0.0.3"), grown.describe());
    assertEquals(new Decision.Initialize(list("10.0.0.1", "10.0.0.2", "10.0.0.3")), node.round());
  }

  @Test
  void round_aServerAloneListensForTheCacheDurationBeforeInitializingAClusterOfOne()
      throws Exception {
    Discovery node = server("10.0.0.7", 1);

    Decision first = node.round();
    clock.advance(CACHE.minusSeconds(1));
    Decision stillListening = node.round();
    clock.advance(Duration.ofSeconds(1));
    Decision decided = node.round();

    assertEquals(
        "no other server seen: listening "
            + CACHE.toSeconds()
            + " s more (serverCacheDuration) before "
            + "initializing a cluster of one, so that a cluster already running here is not missed",
        first.describe());
    assertEquals(
        "no other server seen: listening 1 s more (serverCacheDuration) before initializing a cluster of "
            + "one, so that a cluster already running here is not missed",
        stillListening.describe());
    assertEquals(new Decision.Initialize(list("10.0.0.7")), decided);
    assertEquals(
        "this node initializes the cluster: it is the only server (10.0.0.7)", decided.describe());
  }

  @Test
  void round_aLateServerThatFindsTheRunningClusterWhileListeningJoinsIt() throws Exception {
    Discovery node = server("10.0.0.7", 1);
    node.round();
    clock.advance(Duration.ofSeconds(5));
    source.show("10.0.0.69");
    poller.answer("10.0.0.69", state(PeerState.READY, "10.0.0.69"));

    assertEquals(
        new Decision.Join(at("10.0.0.69"), "it has initialized the cluster"), node.round());
  }

  @Test
  void report_discoveringThenInitializingThenReady() throws Exception {
    Discovery node = server("10.0.0.1", 2);
    PeerReport booted = node.report();
    source.show("10.0.0.2");
    poller.answer("10.0.0.2", sees("10.0.0.1", "10.0.0.2"));
    node.round();
    PeerReport discovering = node.report();
    node.round();
    PeerReport initializing = node.report();
    node.ready();

    assertEquals(
        new PeerReport("id-10.0.0.1", PeerState.DISCOVERING, list("10.0.0.1"), Optional.empty()),
        booted);
    assertEquals(
        new PeerReport(
            "id-10.0.0.1", PeerState.DISCOVERING, list("10.0.0.1", "10.0.0.2"), Optional.empty()),
        discovering);
    assertEquals(
        new PeerReport(
            "id-10.0.0.1", PeerState.INITIALIZING, list("10.0.0.1", "10.0.0.2"), Optional.empty()),
        initializing);
    assertEquals(
        new PeerReport(
            "id-10.0.0.1", PeerState.READY, list("10.0.0.1", "10.0.0.2"), Optional.empty()),
        node.report());
    assertEquals(List.of(PeerState.INITIALIZING, PeerState.READY), source.published());
  }

  @Test
  void report_joiningNamesTheLeaderAndLaterRoundsAskNobody() throws Exception {
    Discovery node = server("10.0.0.1", 3);
    source.show("10.0.0.2");
    poller.answer("10.0.0.2", state(PeerState.INITIALIZING, "10.0.0.2"));

    Decision decision = node.round();
    Decision later = node.round();

    assertEquals(new Decision.Join(at("10.0.0.2"), "it initializes the cluster"), decision);
    assertEquals(decision, later);
    assertEquals(Optional.of(decision), node.decided());
    assertEquals(
        new PeerReport(
            "id-10.0.0.1",
            PeerState.JOINING,
            list("10.0.0.1", "10.0.0.2"),
            Optional.of(at("10.0.0.2"))),
        node.report());
    assertEquals(List.of(PeerState.JOINING), source.published());
    assertEquals(1, poller.asked().size(), "a decided node asks nobody");
  }

  @Test
  void round_anAgentNeverInitializesAndListsOnlyServers() throws Exception {
    Discovery node = agent("10.0.0.1", 1);
    source.show("10.0.0.2");
    poller.answer("10.0.0.2", sees("10.0.0.2"));

    List<Decision> decisions = List.of(node.round(), node.round(), node.round());

    decisions.forEach(d -> assertInstanceOf(Decision.Wait.class, d));
    assertEquals(list("10.0.0.2"), node.report().peers());
    assertEquals(Optional.empty(), node.decided());
  }

  @Test
  void resume_takesAnEarlierJoinWithoutAskingAnyone() throws Exception {
    Discovery node = server("10.0.0.1", 3);
    Decision.Join earlier = new Decision.Join(at("10.0.0.2"), "it initializes the cluster");

    node.resume(earlier);

    assertEquals(earlier, node.round());
    assertEquals(PeerState.JOINING, node.report().state());
    assertEquals(Optional.of(at("10.0.0.2")), node.report().leader());
    assertEquals(List.of(), poller.asked());
  }
}
