package io.rancherd.proxy;

import io.rancherd.error.InvalidInputException;
import java.util.Optional;

/** One NO_PROXY entry: a CIDR range, an IP address or a domain, each optionally with a port. */
record NoProxyEntry(
    Optional<byte[]> network, int prefixBits, String domain, boolean matchesItself, int port) {

  static NoProxyEntry parse(String entry) throws InvalidInputException {
    int slash = entry.indexOf('/');
    if (slash > 0) {
      Optional<byte[]> network = EnvProxySelector.ipLiteral(entry.substring(0, slash));
      int bits;
      try {
        bits = Integer.parseInt(entry.substring(slash + 1));
      } catch (NumberFormatException e) {
        bits = -1;
      }
      if (network.isEmpty() || bits < 0 || bits > network.get().length * 8) {
        throw new InvalidInputException(
            "environment variable NO_PROXY: entry \""
                + entry
                + "\" is not a valid CIDR range such as 10.0.0.0/8");
      }
      return new NoProxyEntry(network, bits, "", false, -1);
    }
    String host = entry;
    int port = -1;
    Optional<byte[]> ip = EnvProxySelector.ipLiteral(EnvProxySelector.unbracket(host));
    if (ip.isEmpty()) {
      int colon = host.lastIndexOf(':');
      if (colon > 0 && host.substring(colon + 1).matches("\\d{1,5}")) {
        port = Integer.parseInt(host.substring(colon + 1));
        host = host.substring(0, colon);
        ip = EnvProxySelector.ipLiteral(EnvProxySelector.unbracket(host));
      }
    }
    if (ip.isPresent()) {
      return new NoProxyEntry(ip, ip.get().length * 8, "", false, port);
    }
    if (host.startsWith("*.")) {
      host = host.substring(1);
    }
    boolean itself = !host.startsWith(".");
    return new NoProxyEntry(Optional.empty(), 0, itself ? "." + host : host, itself, port);
  }

  boolean matches(String host, Optional<byte[]> ip, int targetPort) {
    if (port != -1 && port != targetPort) {
      return false;
    }
    if (network.isPresent()) {
      return ip.isPresent() && inRange(ip.get());
    }
    return host.endsWith(domain) || (matchesItself && host.equals(domain.substring(1)));
  }

  private boolean inRange(byte[] address) {
    byte[] net = network.get();
    if (address.length != net.length) {
      return false;
    }
    for (int bit = 0; bit < prefixBits; bit++) {
      int mask = 0x80 >> (bit % 8);
      if ((address[bit / 8] & mask) != (net[bit / 8] & mask)) {
        return false;
      }
    }
    return true;
  }
}
