package io.rancherd.token;

import io.rancherd.config.RancherdConfig;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The address other nodes reach this node at: the configured one, else the host's first usable
 * IPv4.
 */
public final class NodeAddress {

  private NodeAddress() {}

  public static Optional<String> of(RancherdConfig config) {
    return config.node().address().or(config.node()::internalAddress).or(NodeAddress::firstIpv4);
  }

  private static Optional<String> firstIpv4() {
    try {
      List<NetworkInterface> interfaces = Collections.list(NetworkInterface.getNetworkInterfaces());
      for (NetworkInterface ni : interfaces) {
        if (!ni.isUp() || ni.isLoopback() || ni.isVirtual()) {
          continue;
        }
        for (InetAddress address : Collections.list(ni.getInetAddresses())) {
          if (address instanceof Inet4Address
              && !address.isLinkLocalAddress()
              && !address.isLoopbackAddress()) {
            return Optional.of(address.getHostAddress());
          }
        }
      }
    } catch (SocketException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }
}
