package io.rancherd.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A {@code NO_PROXY} value read the way Go programs (k3s, RKE2, containerd) read it: {@code *}, IP
 * addresses, CIDR ranges, and domains ({@code example.com} is it and its subdomains, {@code
 * .example.com} and {@code *.example.com} its subdomains only), each optionally with {@code :port}.
 * Entries that are none of these are kept aside.
 */
final class NoProxyList {

  private final List<IpRange> ranges;
  private final List<String> domains;
  private final boolean all;

  private NoProxyList(List<IpRange> ranges, List<String> domains, boolean all) {
    this.ranges = List.copyOf(ranges);
    this.domains = List.copyOf(domains);
    this.all = all;
  }

  static NoProxyList parse(String value) {
    List<IpRange> ranges = new ArrayList<>();
    List<String> domains = new ArrayList<>();
    boolean all = false;
    for (String raw : value.split(",")) {
      String entry = withoutPort(raw.trim().toLowerCase(Locale.ROOT));
      if (entry.equals("*")) {
        all = true;
      } else if (!entry.isEmpty()) {
        Optional<IpRange> range = IpRange.parse(entry);
        if (range.isPresent()) {
          ranges.add(range.get());
        } else {
          domains.add(entry.startsWith("*.") ? entry.substring(1) : entry);
        }
      }
    }
    return new NoProxyList(ranges, domains, all);
  }

  /** Whether requests to {@code host} bypass the proxy (a port on an entry is not told apart). */
  boolean coversHost(String host) {
    String name = host.toLowerCase(Locale.ROOT);
    Optional<IpRange> ip = IpRange.parse(name);
    if (all) {
      return true;
    }
    if (ip.isPresent()) {
      return ranges.stream().anyMatch(r -> r.contains(ip.get()));
    }
    return domains.stream()
        .anyMatch(
            d -> d.startsWith(".") ? name.endsWith(d) : name.equals(d) || name.endsWith("." + d));
  }

  /** Whether one entry covers every address of {@code range}. */
  boolean coversRange(IpRange range) {
    return all || ranges.stream().anyMatch(r -> r.contains(range));
  }

  /**
   * {@code host:port} and {@code [v6]:port} lose the port; a bare IPv6 address keeps its colons.
   */
  private static String withoutPort(String entry) {
    if (entry.startsWith("[")) {
      int close = entry.indexOf(']');
      return close > 0 ? entry.substring(1, close) : entry;
    }
    int colon = entry.lastIndexOf(':');
    boolean oneColon = colon > 0 && entry.indexOf(':') == colon;
    return oneColon && entry.substring(colon + 1).matches("\\d{1,5}")
        ? entry.substring(0, colon)
        : entry;
  }
}
