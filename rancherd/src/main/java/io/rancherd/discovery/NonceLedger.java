package io.rancherd.discovery;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The nonces of the last requests the join server answered, so that a captured request cannot be
 * replayed to read the peer list again while it is remembered (the newest {@code capacity}; docs/
 * discovery.md §10 says what a replay could still get after that).
 */
final class NonceLedger {

  private final Map<String, Boolean> seen;

  NonceLedger(int capacity) {
    this.seen =
        new LinkedHashMap<>(16, 0.75f, false) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > capacity;
          }
        };
  }

  /** Whether {@code nonce} is new; it is remembered from now on. */
  synchronized boolean first(String nonce) {
    return seen.put(nonce, Boolean.TRUE) == null;
  }
}
