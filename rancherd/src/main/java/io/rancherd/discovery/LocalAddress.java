package io.rancherd.discovery;

import io.rancherd.config.DiscoveryParams;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The interface and address this node discovers on: the one named by the {@code interface} param,
 * else the interface of the default route, else the first interface that is up, not loopback and
 * can multicast. Loopback only when named. IPv4 unless {@code v6} is true (then a global IPv6
 * address when the interface has one).
 */
record LocalAddress(NetworkInterface networkInterface, PeerAddress address) {

  /** The kernel's IPv4 routing table (of this process's network namespace; not under --root). */
  static final Path ROUTES = Path.of("/proc/net/route");

  public static LocalAddress choose(DiscoveryParams params) throws DiscoveryException {
    try {
      NetworkInterface nic =
          params.networkInterface().isPresent()
              ? named(params.networkInterface().get())
              : defaultRouteInterface()
                  .or(LocalAddress::firstUsable)
                  .orElseThrow(
                      () ->
                          new DiscoveryException(
                              "choosing the network interface for discovery: no interface is up with an address (loopback is "
                                  + "not used unless named)",
                              "set discovery.params.interface to the interface the servers share"));
      return new LocalAddress(nic, addressOf(nic, params.v6()));
    } catch (SocketException e) {
      throw new DiscoveryException("listing the network interfaces: " + e.getMessage(), e);
    }
  }

  /** The interface's name and address, for messages: "eth0 (10.0.0.5)". */
  public String describe() {
    return networkInterface.getName() + " (" + address + ")";
  }

  private static NetworkInterface named(String name) throws SocketException, DiscoveryException {
    NetworkInterface nic = NetworkInterface.getByName(name);
    if (nic == null) {
      throw new DiscoveryException(
          "choosing the network interface for discovery: there is no interface "
              + name
              + " (discovery.params.interface)",
          "name one of: " + names());
    }
    if (!nic.isUp()) {
      throw new DiscoveryException(
          "choosing the network interface for discovery: " + name + " is down",
          "bring it up before rancherd runs, or name another interface");
    }
    return nic;
  }

  private static PeerAddress addressOf(NetworkInterface nic, boolean v6) throws DiscoveryException {
    List<InetAddress> addresses = Collections.list(nic.getInetAddresses());
    Optional<InetAddress> chosen = Optional.empty();
    if (v6) {
      chosen =
          addresses.stream()
              .filter(a -> a instanceof Inet6Address && !a.isLinkLocalAddress())
              .findFirst();
    }
    chosen = chosen.or(() -> addresses.stream().filter(a -> a instanceof Inet4Address).findFirst());
    return new PeerAddress(
        chosen.orElseThrow(
            () ->
                new DiscoveryException(
                    "choosing the address for discovery: "
                        + nic.getName()
                        + " has no IPv4 address"
                        + (v6 ? " and no global IPv6 address" : ""),
                    "give "
                        + nic.getName()
                        + " an address before rancherd runs, or name another interface")));
  }

  /** The interface of the default route with the lowest metric, from /proc/net/route. */
  static Optional<NetworkInterface> defaultRouteInterface() {
    try {
      if (!Files.isReadable(ROUTES)) {
        return Optional.empty();
      }
      Optional<String> name = defaultRoute(Files.readAllLines(ROUTES));
      return name.isPresent()
          ? Optional.ofNullable(NetworkInterface.getByName(name.get()))
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * The interface of the default route (destination 0, lowest metric) in the routing table's lines.
   */
  static Optional<String> defaultRoute(List<String> routeTable) {
    String best = null;
    long bestMetric = Long.MAX_VALUE;
    for (String line : routeTable.subList(Math.min(1, routeTable.size()), routeTable.size())) {
      String[] f = line.trim().split("\\s+");
      if (f.length > 7 && f[1].equals("00000000") && f[7].equals("00000000")) {
        long metric = Long.parseLong(f[6]);
        if (metric < bestMetric) {
          best = f[0];
          bestMetric = metric;
        }
      }
    }
    return Optional.ofNullable(best);
  }

  private static Optional<NetworkInterface> firstUsable() {
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (nic.isUp()
            && !nic.isLoopback()
            && nic.supportsMulticast()
            && Collections.list(nic.getInetAddresses()).stream()
                .anyMatch(a -> a instanceof Inet4Address)) {
          return Optional.of(nic);
        }
      }
    } catch (SocketException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static String names() throws SocketException {
    return String.join(
        ", ",
        Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
            .map(NetworkInterface::getName)
            .sorted()
            .toList());
  }
}
