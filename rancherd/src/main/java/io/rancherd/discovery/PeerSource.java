package io.rancherd.discovery;

import java.util.Set;

/**
 * Where the addresses of other nodes come from (mDNS, or a fixed list), and where this node shows
 * its state.
 */
interface PeerSource extends AutoCloseable {

  /** The addresses seen now (this node's own may be among them). */
  Set<PeerAddress> seen();

  /**
   * Calls {@code listener} whenever what {@link #seen()} returns may have changed (a peer found,
   * changed or gone), from the source's own thread; it must return at once.
   */
  default void onChange(Runnable listener) {}

  /** Shows this node's state to others where the source can (the mDNS TXT record). */
  default void publish(PeerState state) {}

  /**
   * One line naming what is asked, for the log ("mDNS _rancher-server._tcp.local. on eth0
   * (10.0.0.5)").
   */
  String describe();

  @Override
  default void close() {}
}
