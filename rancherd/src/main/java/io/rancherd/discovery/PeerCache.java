package io.rancherd.discovery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The peers seen lately: each address is remembered for {@code serverCacheDuration} after it was
 * last seen, so that an answer lost now and then does not change the list (rancherd's cache).
 */
final class PeerCache {

  private final Clock clock;
  private final Duration ttl;
  private final Map<PeerAddress, Instant> lastSeen = new HashMap<>();

  public PeerCache(Clock clock, Duration ttl) {
    this.clock = clock;
    this.ttl = ttl;
  }

  /**
   * Records the addresses seen now, forgets the ones not seen for longer than the cache duration.
   */
  public synchronized List<PeerAddress> update(Collection<PeerAddress> seen) {
    Instant now = clock.instant();
    lastSeen.values().removeIf(at -> at.plus(ttl).isBefore(now));
    seen.forEach(p -> lastSeen.put(p, now));
    return peers();
  }

  /** Forgets an address at once (a peer without the token, or an address of this node). */
  public synchronized void forget(PeerAddress peer) {
    lastSeen.remove(peer);
  }

  public synchronized List<PeerAddress> peers() {
    return lastSeen.keySet().stream().sorted().toList();
  }
}
