package io.rancherd.discovery;

import java.util.Collection;
import java.util.Map;

/** Asks peers' join servers for their peer documents. */
interface Poller {

  /** Asks every peer once, side by side; an entry for each. */
  Map<PeerAddress, Poll> poll(Collection<PeerAddress> peers) throws InterruptedException;
}
