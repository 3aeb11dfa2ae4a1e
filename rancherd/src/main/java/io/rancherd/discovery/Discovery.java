package io.rancherd.discovery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One node's discovery, round by round: take the addresses the source sees, remember them for the
 * cache duration, ask every peer for its document, and let the {@link Election} decide. Keeps what
 * this node's join server answers ({@link #report()}). Peers that do not hold the token, and
 * addresses that turn out to be this node's own, are left out of the list and named once.
 */
final class Discovery {

  /** Who this node is. */
  public record Identity(PeerAddress address, String id, boolean server) {}

  private final Identity self;
  private final int expectedServers;
  private final PeerSource source;
  private final Poller poller;
  private final PeerCache cache;
  private final Clock clock;
  private final Instant started;
  private final Duration cacheDuration;
  private final Consumer<String> notice;
  private final Set<PeerAddress> excluded = new HashSet<>();
  private volatile PeerReport report;
  private List<PeerAddress> previousAgreed = List.of();
  private Optional<Decision> decided = Optional.empty();

  /**
   * @param notice where one-time notices go (a peer without the token, an address of this node)
   */
  public Discovery(
      Identity self,
      int expectedServers,
      Duration cacheDuration,
      PeerSource source,
      Poller poller,
      Clock clock,
      Consumer<String> notice) {
    this.self = self;
    this.expectedServers = expectedServers;
    this.source = source;
    this.poller = poller;
    this.cache = new PeerCache(clock, cacheDuration);
    this.clock = clock;
    this.started = clock.instant();
    this.cacheDuration = cacheDuration;
    this.notice = notice;
    this.report =
        new PeerReport(self.id(), PeerState.DISCOVERING, List.of(self.address()), Optional.empty());
  }

  public Identity self() {
    return self;
  }

  /** The document this node's join server answers now. */
  public PeerReport report() {
    return report;
  }

  /**
   * Whether the last round found every server agreeing on a list that the next round must confirm
   * (rule 8 of {@link Election}).
   */
  public boolean confirming() {
    return !previousAgreed.isEmpty();
  }

  /**
   * A digest of the document this node answers now, sent with its polls: a peer that sees it change
   * knows this node's view (or state) changed. A hint only, never trusted for the election.
   */
  public String viewDigest() {
    return Integer.toHexString(Arrays.hashCode(report.toJson()));
  }

  /** The decision, once made; later rounds keep it. */
  public Optional<Decision> decided() {
    return decided;
  }

  /** One round; returns the decision, or why there is none yet. */
  public Decision round() throws InterruptedException {
    if (decided.isPresent()) {
      return decided.get();
    }
    List<PeerAddress> others = othersSeen();
    Map<PeerAddress, Poll> polls = new HashMap<>(poller.poll(others));
    for (Map.Entry<PeerAddress, Poll> e : Map.copyOf(polls).entrySet()) {
      if (exclude(e.getKey(), e.getValue())) {
        polls.remove(e.getKey());
      }
    }
    List<PeerAddress> peers = peers();
    report = new PeerReport(self.id(), PeerState.DISCOVERING, peers, Optional.empty());
    Decision decision =
        Election.decide(
            new Election.Round(
                self.address(),
                self.server(),
                peers,
                polls,
                expectedServers,
                previousAgreed,
                aloneWaitLeft()));
    previousAgreed =
        decision instanceof Decision.Wait w && w.awaited().isEmpty() && w.agreeing().equals(peers)
            ? peers
            : List.of();
    if (decision instanceof Decision.Initialize) {
      decide(decision, PeerState.INITIALIZING, Optional.empty());
    } else if (decision instanceof Decision.Join join) {
      decide(decision, PeerState.JOINING, Optional.of(join.leader()));
    }
    return decision;
  }

  /**
   * How much longer this node listens before it may initialize alone: the cache duration from its
   * start.
   */
  private Duration aloneWaitLeft() {
    Duration left = Duration.between(clock.instant(), started.plus(cacheDuration));
    return left.isNegative() ? Duration.ZERO : left;
  }

  /** Takes a decision made earlier (by a previous attempt) without electing again. */
  public void resume(Decision decision) {
    if (decision instanceof Decision.Join join) {
      decide(decision, PeerState.JOINING, Optional.of(join.leader()));
    } else {
      decide(decision, PeerState.INITIALIZING, Optional.empty());
    }
  }

  /** The initializing node's runtime is up: followers may join it now. */
  public void ready() {
    setState(PeerState.READY, Optional.empty());
  }

  private void decide(Decision decision, PeerState state, Optional<PeerAddress> leader) {
    decided = Optional.of(decision);
    setState(state, leader);
  }

  private void setState(PeerState state, Optional<PeerAddress> leader) {
    report = new PeerReport(self.id(), state, report.peers(), leader);
    source.publish(state);
  }

  private List<PeerAddress> othersSeen() {
    List<PeerAddress> seen = new ArrayList<>(source.seen());
    seen.removeAll(excluded);
    seen.remove(self.address());
    return cache.update(seen).stream().filter(p -> !excluded.contains(p)).toList();
  }

  private List<PeerAddress> peers() {
    List<PeerAddress> peers = new ArrayList<>(cache.peers());
    peers.removeAll(excluded);
    if (self.server()) {
      peers.add(self.address());
    }
    return peers.stream().sorted().distinct().toList();
  }

  private boolean exclude(PeerAddress peer, Poll poll) {
    if (poll instanceof Poll.Rejected r) {
      notice.accept("Ignoring " + peer + ": " + r.cause() + "; it is not counted as a peer");
    } else if (poll instanceof Poll.Self) {
      notice.accept(
          peer
              + " is an address of this node (its join server answered with this node's id): not "
              + "counted again");
    } else {
      return false;
    }
    excluded.add(peer);
    cache.forget(peer);
    return true;
  }
}
