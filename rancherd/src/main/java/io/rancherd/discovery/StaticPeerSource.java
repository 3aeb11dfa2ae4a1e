package io.rancherd.discovery;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Peers from a fixed list ({@code provider: static}, param {@code addresses}): for networks without
 * multicast. Names are looked up at every round, so a name that resolves later still counts.
 */
final class StaticPeerSource implements PeerSource {

  private final List<String> addresses;
  private final Consumer<String> notice;
  private final Set<String> unresolved = new HashSet<>();

  public StaticPeerSource(List<String> addresses, Consumer<String> notice) {
    this.addresses = List.copyOf(addresses);
    this.notice = notice;
  }

  @Override
  public Set<PeerAddress> seen() {
    Set<PeerAddress> seen = new HashSet<>();
    for (String address : addresses) {
      try {
        seen.add(new PeerAddress(InetAddress.getByName(address)));
      } catch (UnknownHostException e) {
        if (unresolved.add(address)) {
          notice.accept(
              "Cannot resolve "
                  + address
                  + " (discovery.params.addresses): it is not counted until it "
                  + "resolves");
        }
      }
    }
    return seen;
  }

  @Override
  public String describe() {
    return "the static list " + String.join(", ", addresses);
  }
}
