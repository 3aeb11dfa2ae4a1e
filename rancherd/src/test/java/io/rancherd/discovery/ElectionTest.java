package io.rancherd.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ElectionTest {

  /** One round's view, written as address literals; {@link #round()} makes the election's input. */
  record View(
      String self,
      boolean server,
      int expected,
      List<String> peers,
      Map<String, Poll> polls,
      List<String> previous) {

    static View of(String self, int expected, String... peers) {
      return of(self, expected, List.of(peers));
    }

    static View of(String self, int expected, List<String> peers) {
      return new View(self, true, expected, peers, Map.of(), List.of());
    }

    View answers(String peer, Poll poll) {
      Map<String, Poll> more = new HashMap<>(polls);
      more.put(peer, poll);
      return new View(self, server, expected, peers, more, previous);
    }

    /** Every other peer answers this node's very list. */
    View allAgree() {
      View view = this;
      for (String peer : peers) {
        view = peer.equals(self) ? view : view.answers(peer, sees(peers));
      }
      return view;
    }

    View previous(String... agreed) {
      return previous(List.of(agreed));
    }

    View previous(List<String> agreed) {
      return new View(self, server, expected, peers, polls, agreed);
    }

    View agent() {
      return new View(self, false, expected, peers, polls, previous);
    }

    Election.Round round() {
      Map<PeerAddress, Poll> byAddress = new HashMap<>();
      polls.forEach((peer, poll) -> byAddress.put(at(peer), poll));
      return new Election.Round(at(self), server, list(peers), byAddress, expected, list(previous));
    }
  }

  record Case(String name, View view, Decision expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static PeerAddress at(String text) {
    return PeerAddress.parse(text);
  }

  static List<PeerAddress> list(String... texts) {
    return list(List.of(texts));
  }

  static List<PeerAddress> list(List<String> texts) {
    return texts.stream().map(ElectionTest::at).toList();
  }

  static Poll sees(String... peers) {
    return sees(List.of(peers));
  }

  static Poll sees(List<String> peers) {
    return reports(PeerState.DISCOVERING, Optional.empty(), peers);
  }

  static Poll reports(PeerState state, Optional<String> leader, String... peers) {
    return reports(state, leader, List.of(peers));
  }

  /** A peer document as it arrives: its list sorted, as {@link PeerReport#parse} makes it. */
  static Poll reports(PeerState state, Optional<String> leader, List<String> peers) {
    List<PeerAddress> sorted = list(peers).stream().sorted().toList();
    return new Poll.Answered(new PeerReport("id", state, sorted, leader.map(ElectionTest::at)));
  }

  static Poll follows(String leader) {
    return reports(PeerState.JOINING, Optional.of(leader));
  }

  static Decision.Wait wait(
      String reason, List<String> seen, List<String> agreeing, List<String> awaited) {
    return new Decision.Wait(reason, list(seen), list(agreeing), list(awaited));
  }

  static final List<String> ONE_TWO_THREE = List.of("10.0.0.1", "10.0.0.2", "10.0.0.3");
  static final List<String> NINE_TEN_ELEVEN = List.of("10.0.0.9", "10.0.0.10", "10.0.0.11");

  static Stream<Case> waits() {
    return Stream.of(
        new Case(
            "fewer servers than expected, all agreeing and confirmed",
            View.of("10.1.0.5", 3, "10.1.0.5", "10.1.0.7")
                .allAgree()
                .previous("10.1.0.5", "10.1.0.7"),
            wait(
                "have 2 of 3 expected servers: 10.1.0.5, 10.1.0.7",
                List.of("10.1.0.5", "10.1.0.7"),
                List.of("10.1.0.5", "10.1.0.7"),
                List.of())),
        new Case(
            "numeric order: 10.0.0.10 waits for 10.0.0.9",
            View.of("10.0.0.10", 3, "10.0.0.11", "10.0.0.10", "10.0.0.9").allAgree(),
            wait(
                "waiting for 10.0.0.9 to initialize the cluster: it comes first of the 3 servers seen "
                    + "(10.0.0.9, 10.0.0.10, 10.0.0.11)",
                NINE_TEN_ELEVEN,
                NINE_TEN_ELEVEN,
                List.of("10.0.0.9"))),
        new Case(
            "the first server does not answer",
            View.of("10.0.0.2", 3, "10.0.0.1", "10.0.0.2", "10.0.0.3")
                .answers("10.0.0.1", new Poll.Failed("connection refused"))
                .answers("10.0.0.3", sees(ONE_TWO_THREE)),
            wait(
                "waiting for 10.0.0.1 to initialize the cluster: it comes first of the 3 servers seen "
                    + "(10.0.0.1, 10.0.0.2, 10.0.0.3) (no answer: connection refused)",
                ONE_TWO_THREE,
                List.of("10.0.0.2", "10.0.0.3"),
                List.of("10.0.0.1"))),
        new Case(
            "the first server sees another list",
            View.of("10.0.0.2", 2, "10.0.0.1", "10.0.0.2").answers("10.0.0.1", sees("10.0.0.1")),
            wait(
                "waiting for 10.0.0.1 to initialize the cluster: it comes first of the 2 servers seen "
                    + "(10.0.0.1, 10.0.0.2) (sees 10.0.0.1)",
                List.of("10.0.0.1", "10.0.0.2"),
                List.of("10.0.0.2"),
                List.of("10.0.0.1"))),
        new Case(
            "a server with another list is named",
            View.of("10.0.0.1", 3, ONE_TWO_THREE)
                .answers("10.0.0.2", sees(ONE_TWO_THREE))
                .answers("10.0.0.3", sees("10.0.0.2", "10.0.0.3")),
            wait(
                "2 of 3 servers agree (10.0.0.1, 10.0.0.2); awaiting 10.0.0.3 (sees 10.0.0.2, 10.0.0.3)",
                ONE_TWO_THREE,
                List.of("10.0.0.1", "10.0.0.2"),
                List.of("10.0.0.3"))),
        new Case(
            "a server without an answer is named, even with more servers than expected",
            View.of("10.0.0.1", 2, ONE_TWO_THREE)
                .answers("10.0.0.2", sees(ONE_TWO_THREE))
                .answers("10.0.0.3", new Poll.Failed("timeout after 10 s"))
                .previous(ONE_TWO_THREE),
            wait(
                "2 of 3 servers agree (10.0.0.1, 10.0.0.2); awaiting 10.0.0.3 (no answer: timeout after 10 s)",
                ONE_TWO_THREE,
                List.of("10.0.0.1", "10.0.0.2"),
                List.of("10.0.0.3"))),
        new Case(
            "a server not asked yet is named",
            View.of("10.0.0.1", 3, ONE_TWO_THREE).answers("10.0.0.2", sees(ONE_TWO_THREE)),
            wait(
                "2 of 3 servers agree (10.0.0.1, 10.0.0.2); awaiting 10.0.0.3 (not asked yet)",
                ONE_TWO_THREE,
                List.of("10.0.0.1", "10.0.0.2"),
                List.of("10.0.0.3"))),
        new Case(
            "two servers awaited, in order",
            View.of("10.0.0.1", 3, ONE_TWO_THREE)
                .answers("10.0.0.3", sees("10.0.0.3"))
                .answers("10.0.0.2", new Poll.Failed("connection refused")),
            wait(
                "1 of 3 servers agree (10.0.0.1); awaiting 10.0.0.2 (no answer: connection refused), 10.0.0.3 "
                    + "(sees 10.0.0.3)",
                ONE_TWO_THREE,
                List.of("10.0.0.1"),
                List.of("10.0.0.2", "10.0.0.3"))),
        new Case(
            "all agree for the first time",
            View.of("10.0.0.1", 3, ONE_TWO_THREE).allAgree(),
            wait(
                "all 3 servers agree (10.0.0.1, 10.0.0.2, 10.0.0.3); confirming in the next round",
                ONE_TWO_THREE,
                ONE_TWO_THREE,
                List.of())),
        new Case(
            "all agree, but the previous round agreed on fewer",
            View.of("10.0.0.1", 2, ONE_TWO_THREE).allAgree().previous("10.0.0.1", "10.0.0.2"),
            wait(
                "all 3 servers agree (10.0.0.1, 10.0.0.2, 10.0.0.3); confirming in the next round",
                ONE_TWO_THREE,
                ONE_TWO_THREE,
                List.of())),
        new Case(
            "a lone server expected alone confirms first",
            View.of("10.0.0.1", 1, "10.0.0.1"),
            wait(
                "this node is the only server (10.0.0.1); confirming in the next round",
                List.of("10.0.0.1"),
                List.of("10.0.0.1"),
                List.of())),
        new Case(
            "a follower of this very node is no reason to join",
            View.of("10.0.0.1", 2, "10.0.0.1", "10.0.0.2")
                .answers(
                    "10.0.0.2", reports(PeerState.JOINING, Optional.of("10.0.0.1"), "10.0.0.1")),
            wait(
                "1 of 2 servers agree (10.0.0.1); awaiting 10.0.0.2 (sees 10.0.0.1)",
                List.of("10.0.0.1", "10.0.0.2"),
                List.of("10.0.0.1"),
                List.of("10.0.0.2"))));
  }

  static Stream<Case> decisions() {
    return Stream.of(
        new Case(
            "numeric order: 10.0.0.9 leads 10.0.0.9, 10.0.0.10, 10.0.0.11",
            View.of("10.0.0.9", 3, "10.0.0.10", "10.0.0.11", "10.0.0.9")
                .allAgree()
                .previous(NINE_TEN_ELEVEN),
            new Decision.Initialize(list(NINE_TEN_ELEVEN))),
        new Case(
            "more servers than expected still decide",
            View.of("10.0.0.1", 3, "10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4")
                .allAgree()
                .previous("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"),
            new Decision.Initialize(list("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"))),
        new Case(
            "a lone server expected alone initializes once confirmed",
            View.of("10.0.0.1", 1, "10.0.0.1").previous("10.0.0.1"),
            new Decision.Initialize(list("10.0.0.1"))),
        new Case(
            "a peer initializing: join it, though this node comes first",
            View.of("10.0.0.1", 3, ONE_TWO_THREE)
                .allAgree()
                .previous(ONE_TWO_THREE)
                .answers(
                    "10.0.0.3", reports(PeerState.INITIALIZING, Optional.empty(), ONE_TWO_THREE)),
            new Decision.Join(at("10.0.0.3"), "it initializes the cluster")),
        new Case(
            "a peer ready: join it, though fewer servers than expected are seen",
            View.of("10.0.0.1", 5, "10.0.0.1", "10.0.0.2")
                .answers("10.0.0.2", reports(PeerState.READY, Optional.empty(), "10.0.0.2")),
            new Decision.Join(at("10.0.0.2"), "it has initialized the cluster")),
        new Case(
            "a follower: join its leader, not the follower",
            View.of("10.0.0.1", 3, ONE_TWO_THREE)
                .answers("10.0.0.2", sees(ONE_TWO_THREE))
                .answers("10.0.0.3", follows("10.0.0.7")),
            new Decision.Join(at("10.0.0.7"), "peer 10.0.0.3 follows it")),
        new Case(
            "a leader goes before a follower of another leader",
            View.of("10.0.0.1", 3, ONE_TWO_THREE)
                .answers("10.0.0.2", follows("10.0.0.7"))
                .answers("10.0.0.3", reports(PeerState.INITIALIZING, Optional.empty())),
            new Decision.Join(at("10.0.0.3"), "it initializes the cluster")),
        new Case(
            "Rancher answering: join it",
            View.of("10.0.0.1", 3, "10.0.0.1").answers("10.0.0.5", new Poll.Rancher()),
            new Decision.Join(
                at("10.0.0.5"), "Rancher answers on its host port, so a cluster runs there")),
        new Case(
            "Rancher goes before an initializing peer",
            View.of("10.0.0.1", 3, ONE_TWO_THREE)
                .answers("10.0.0.2", reports(PeerState.INITIALIZING, Optional.empty()))
                .answers("10.0.0.3", new Poll.Rancher()),
            new Decision.Join(
                at("10.0.0.3"), "Rancher answers on its host port, so a cluster runs there")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("waits")
  void decide_waitsNamingWhatIsMissing(Case c) {
    assertEquals(c.expected(), Election.decide(c.view().round()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("decisions")
  void decide_initializesOrJoins(Case c) {
    assertEquals(c.expected(), Election.decide(c.view().round()));
  }

  @Test
  void decide_describesTheInitializeAndJoinLinesForTheLog() {
    Decision initialize =
        Election.decide(
            View.of("10.0.0.9", 3, NINE_TEN_ELEVEN).allAgree().previous(NINE_TEN_ELEVEN).round());
    Decision join =
        Election.decide(
            View.of("10.0.0.10", 3, NINE_TEN_ELEVEN)
                .answers("10.0.0.9", reports(PeerState.INITIALIZING, Optional.empty()))
                .round());

    assertEquals(
        "this node initializes the cluster: it comes first of the 3 servers that agree "
            + "(10.0.0.9, 10.0.0.10, 10.0.0.11)",
        initialize.describe());
    assertEquals("this node joins 10.0.0.9: it initializes the cluster", join.describe());
  }

  @Test
  void decide_anIpv6ServerWaitsForAnIpv4OneThatSortsFirst() {
    Decision decision =
        Election.decide(
            View.of("fd00::1", 2, "fd00::1", "10.0.0.200")
                .allAgree()
                .previous("10.0.0.200", "fd00::1")
                .round());

    Decision.Wait wait = assertInstanceOf(Decision.Wait.class, decision);
    assertEquals(list("10.0.0.200"), wait.awaited());
    assertEquals(list("10.0.0.200", "fd00::1"), wait.seen());
  }

  @Test
  void decide_anAgentNeverInitializesEvenWhenFirstAndAllAgree() {
    View view =
        View.of("10.0.0.1", 2, "10.0.0.2", "10.0.0.3")
            .agent()
            .allAgree()
            .previous("10.0.0.2", "10.0.0.3");

    Decision decision = Election.decide(view.round());

    assertInstanceOf(Decision.Wait.class, decision);
    assertEquals(
        "waiting for a server to initialize the cluster (an agent does not take part in the election); "
            + "servers seen: 10.0.0.2, 10.0.0.3",
        decision.describe());
  }

  @Test
  void decide_anAgentAloneWaitsEvenWhenOneServerIsExpected() {
    Decision decision =
        Election.decide(View.of("10.0.0.1", 1).agent().previous("10.0.0.1").round());

    assertEquals(
        "waiting for a server to initialize the cluster (an agent does not take part in the election); "
            + "servers seen: none yet",
        decision.describe());
  }

  @Test
  void decide_anAgentJoinsTheServerThatInitializes() {
    View view =
        View.of("10.0.0.1", 2, "10.0.0.2", "10.0.0.3")
            .agent()
            .answers(
                "10.0.0.2",
                reports(PeerState.INITIALIZING, Optional.empty(), "10.0.0.2", "10.0.0.3"));

    assertEquals(
        new Decision.Join(at("10.0.0.2"), "it initializes the cluster"),
        Election.decide(view.round()));
  }
}
