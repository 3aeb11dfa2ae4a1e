package io.rancherd.proxy;

import java.util.Optional;

/**
 * One valid NO_PROXY entry, as written ({@code text}): an IP range (a CIDR range, or one address)
 * or a domain, each optionally with a port ({@code -1}: any port).
 */
record NoProxyEntry(
    String text, Optional<IpRange> range, String domain, boolean matchesItself, int port) {

  /**
   * The entry {@code entry} (trimmed, lower case, not {@code *}); empty when it has a '/' and is no
   * valid CIDR range.
   */
  static Optional<NoProxyEntry> parse(String text, String entry) {
    if (entry.contains("/")) {
      return IpRange.parse(entry).map(r -> new NoProxyEntry(text, Optional.of(r), "", false, -1));
    }
    String host = entry;
    int port = -1;
    Optional<IpRange> ip = IpRange.parse(EnvProxySelector.unbracket(host));
    if (ip.isEmpty()) {
      int colon = host.lastIndexOf(':');
      if (colon > 0 && host.substring(colon + 1).matches("\\d{1,5}")) {
        port = Integer.parseInt(host.substring(colon + 1));
        host = host.substring(0, colon);
        ip = IpRange.parse(EnvProxySelector.unbracket(host));
      }
    }
    if (ip.isPresent()) {
      return Optional.of(new NoProxyEntry(text, ip, "", false, port));
    }
    if (host.startsWith("*.")) {
      host = host.substring(1);
    }
    boolean itself = !host.startsWith(".");
    return Optional.of(
        new NoProxyEntry(text, Optional.empty(), itself ? "." + host : host, itself, port));
  }

  /**
   * Whether requests to {@code host} (lower case; its address {@code ip} when it is a literal) on
   * {@code targetPort} ({@code -1}: any) bypass the proxy by this entry.
   */
  boolean matches(String host, Optional<IpRange> ip, int targetPort) {
    if (port != -1 && targetPort != -1 && port != targetPort) {
      return false;
    }
    if (range.isPresent()) {
      return ip.isPresent() && range.get().contains(ip.get());
    }
    return host.endsWith(domain) || (matchesItself && host.equals(domain.substring(1)));
  }
}
