package io.rancherd.discovery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The election, as a pure function of one round's view: rancherd's rule, made safe with more nodes
 * than expected. In order:
 *
 * <ol>
 *   <li>Rancher answering on a peer's host port, or a peer that initializes (or is ready): join it.
 *   <li>A peer that follows a leader: join that leader (late nodes, replacements).
 *   <li>An agent never initializes: it waits for a server to.
 *   <li>Fewer than {@code expectedServers} servers seen: wait.
 *   <li>This node is not the first of the sorted list: wait for the first one.
 *   <li>Some server does not answer, or answers another list: wait.
 *   <li>This node sees no other server: it listens for the cache duration first (a node that boots
 *       late must not miss the cluster that runs already and start a second one).
 *   <li>The agreed list differs from the previous round's: wait one more round (a new node seen by
 *       nobody yet gets a round to show up).
 *   <li>Otherwise this node initializes.
 * </ol>
 *
 * At least (not exactly) {@code expectedServers}: a node initializes only when every server it
 * counts reports the very same list, so two nodes can only both be first of agreed lists that share
 * no member, which needs two groups that never see each other.
 */
final class Election {

  /**
   * One round's view.
   *
   * @param self this node's address
   * @param server whether this node may initialize (agents may not)
   * @param peers the servers counted, sorted, this node included
   * @param polls what each other peer answered this round
   * @param previousAgreed the list all servers agreed on in the previous round, or empty
   * @param aloneWaitLeft how much longer a node that sees no other server listens before it
   *     initializes a cluster of one (zero once it has listened for the cache duration)
   */
  public record Round(
      PeerAddress self,
      boolean server,
      List<PeerAddress> peers,
      Map<PeerAddress, Poll> polls,
      int expectedServers,
      List<PeerAddress> previousAgreed,
      Duration aloneWaitLeft) {

    public Round {
      peers = peers.stream().sorted().distinct().toList();
      polls = Map.copyOf(polls);
      previousAgreed = List.copyOf(previousAgreed);
    }

    /** A round of a node that has listened long enough to initialize alone. */
    public Round(
        PeerAddress self,
        boolean server,
        List<PeerAddress> peers,
        Map<PeerAddress, Poll> polls,
        int expectedServers,
        List<PeerAddress> previousAgreed) {
      this(self, server, peers, polls, expectedServers, previousAgreed, Duration.ZERO);
    }
  }

  private Election() {}

  public static Decision decide(Round round) {
    Optional<Decision> join = existingCluster(round);
    if (join.isPresent()) {
      return join.get();
    }
    List<PeerAddress> peers = round.peers();
    List<PeerAddress> others = peers.stream().filter(p -> !p.equals(round.self())).toList();
    List<PeerAddress> agreeing = new ArrayList<>(List.of(round.self()));
    others.stream().filter(p -> agrees(round, p)).forEach(agreeing::add);
    agreeing.sort(null);
    List<PeerAddress> awaited = others.stream().filter(p -> !agrees(round, p)).toList();
    if (!round.server()) {
      return new Decision.Wait(
          "waiting for a server to initialize the cluster (an agent does not take part in the "
              + "election); servers seen: "
              + (others.isEmpty() ? "none yet" : PeerAddress.join(others)),
          others,
          agreeing,
          awaited);
    }
    if (peers.size() < round.expectedServers()) {
      return new Decision.Wait(
          "have "
              + peers.size()
              + " of "
              + round.expectedServers()
              + " expected servers: "
              + PeerAddress.join(peers),
          peers,
          agreeing,
          awaited);
    }
    PeerAddress first = peers.get(0);
    if (!first.equals(round.self())) {
      return new Decision.Wait(
          "waiting for "
              + first
              + " to initialize the cluster: it comes first of the "
              + peers.size()
              + " servers seen ("
              + PeerAddress.join(peers)
              + ")"
              + pollNote(round, first),
          peers,
          agreeing,
          List.of(first));
    }
    if (!awaited.isEmpty()) {
      return new Decision.Wait(
          agreeing.size()
              + " of "
              + peers.size()
              + " servers agree ("
              + PeerAddress.join(agreeing)
              + "); awaiting "
              + awaited.stream().map(p -> p + pollNote(round, p)).collect(Collectors.joining(", ")),
          peers,
          agreeing,
          awaited);
    }
    if (peers.size() == 1 && round.aloneWaitLeft().compareTo(Duration.ZERO) > 0) {
      return new Decision.Wait(
          "no other server seen: listening "
              + Math.max(1, round.aloneWaitLeft().toSeconds())
              + " s more (serverCacheDuration) before initializing a cluster of one, so that a cluster already "
              + "running here is not missed",
          peers,
          agreeing,
          List.of());
    }
    if (!peers.equals(round.previousAgreed())) {
      String agreed =
          peers.size() == 1
              ? "this node is the only server (" + PeerAddress.join(peers) + ")"
              : "all " + peers.size() + " servers agree (" + PeerAddress.join(peers) + ")";
      return new Decision.Wait(
          agreed + "; confirming in the next round", peers, agreeing, List.of());
    }
    return new Decision.Initialize(peers);
  }

  /** Rules 1 and 2: Rancher, a leader, or a follower's leader among the answers. */
  private static Optional<Decision> existingCluster(Round round) {
    List<PeerAddress> sorted = round.polls().keySet().stream().sorted().toList();
    for (PeerAddress p : sorted) {
      if (round.polls().get(p) instanceof Poll.Rancher) {
        return Optional.of(
            new Decision.Join(p, "Rancher answers on its host port, so a cluster runs there"));
      }
    }
    for (PeerAddress p : sorted) {
      if (round.polls().get(p) instanceof Poll.Answered a && a.report().state().leads()) {
        return Optional.of(
            new Decision.Join(
                p,
                "it "
                    + (a.report().state() == PeerState.READY ? "has initialized" : "initializes")
                    + " the cluster"));
      }
    }
    for (PeerAddress p : sorted) {
      if (round.polls().get(p) instanceof Poll.Answered a
          && a.report().state() == PeerState.JOINING
          && a.report().leader().isPresent()
          && !a.report().leader().get().equals(round.self())) {
        return Optional.of(
            new Decision.Join(a.report().leader().get(), "peer " + p + " follows it"));
      }
    }
    return Optional.empty();
  }

  private static boolean agrees(Round round, PeerAddress peer) {
    return round.polls().get(peer) instanceof Poll.Answered a
        && a.report().peers().equals(round.peers());
  }

  /** Why a peer is awaited: " (no answer: ...)" or " (sees a, b)". */
  private static String pollNote(Round round, PeerAddress peer) {
    Poll poll = round.polls().get(peer);
    if (poll instanceof Poll.Answered a) {
      return a.report().peers().equals(round.peers())
          ? ""
          : " (sees " + PeerAddress.join(a.report().peers()) + ")";
    }
    if (poll instanceof Poll.Failed f) {
      return " (no answer: " + f.cause() + ")";
    }
    return poll == null ? " (not asked yet)" : "";
  }
}
