package io.rancherd.discovery;

/** What asking one peer's join server for its peer document gave. */
sealed interface Poll {

  /** A peer that proved it holds the token answered its document. */
  record Answered(PeerReport report) implements Poll {}

  /**
   * No usable answer this time (not listening yet, timeout, unreadable): asked again next round.
   */
  record Failed(String cause) implements Poll {}

  /** The peer does not hold this cluster's token: it is not counted, and not asked again. */
  record Rejected(String cause) implements Poll {}

  /** The answer came from this node itself (an address of its own). */
  record Self() implements Poll {}

  /** Rancher answered on the host port (no rancherd id): a cluster already runs there. */
  record Rancher() implements Poll {}
}
