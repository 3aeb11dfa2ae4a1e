package io.rancherd.discovery;

import java.util.Locale;

/** What a node's join server reports about it (in its peer document and its mDNS TXT record). */
enum PeerState {
  /** Looking for its peers; takes part in the election. */
  DISCOVERING,
  /** Elected: installs the runtime that starts the cluster. */
  INITIALIZING,
  /** Its runtime is up: its join server vouches for the runtime's CA; followers join now. */
  READY,
  /** Follows the node named as leader. */
  JOINING;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The state a wire name stands for; unknown names (a newer peer) read as discovering. */
  public static PeerState ofWire(String name) {
    for (PeerState state : values()) {
      if (state.wire().equals(name)) {
        return state;
      }
    }
    return DISCOVERING;
  }

  /** Whether a node in this state has started the cluster (a node that sees it joins it). */
  public boolean leads() {
    return this == INITIALIZING || this == READY;
  }
}
