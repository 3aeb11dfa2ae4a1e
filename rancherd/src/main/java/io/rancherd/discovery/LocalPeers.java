package io.rancherd.discovery;

import io.rancherd.config.DiscoveryParams;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * How this node takes part in discovery: its own address and the source of its peers, from the
 * {@code discovery.params}: a static list, or mDNS on the chosen interface (announcing itself when
 * it is a server).
 */
final class LocalPeers {

  /** This node's address and its peer source (open: the caller closes it). */
  record Found(PeerAddress self, PeerSource source) {}

  private LocalPeers() {}

  static Found open(
      DiscoveryParams params, String id, boolean server, int port, Consumer<String> notice)
      throws IOException, DiscoveryException {
    if (params.provider().equals("static")) {
      return new Found(staticSelf(params), new StaticPeerSource(params.addresses(), notice));
    }
    LocalAddress local = LocalAddress.choose(params);
    return new Found(
        local.address(),
        MdnsPeerSource.start(
            params.serviceType(),
            local,
            params.v6(),
            id,
            server ? OptionalInt.of(port) : OptionalInt.empty()));
  }

  /**
   * A static list's own entry: the listed address that belongs to this machine, or, when none does
   * (or an interface is named), the address of the chosen interface.
   */
  private static PeerAddress staticSelf(DiscoveryParams params) throws DiscoveryException {
    if (params.networkInterface().isEmpty()) {
      for (String entry : params.addresses()) {
        try {
          InetAddress address = InetAddress.getByName(entry);
          if (NetworkInterface.getByInetAddress(address) != null) {
            return new PeerAddress(address);
          }
        } catch (IOException e) {
          // not resolvable now: not this node's entry
        }
      }
    }
    return LocalAddress.choose(params).address();
  }
}
