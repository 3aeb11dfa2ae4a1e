package io.rancherd.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A {@code NO_PROXY} value, read by the one rule that rancherd's HTTP clients ({@link
 * EnvProxySelector}) and {@code doctor} share. Entries are separated by commas and read as Go's
 * {@code golang.org/x/net/http/httpproxy} reads them (k3s, RKE2 and containerd use it): {@code *}
 * (everything), an IP address, a CIDR range, a domain ({@code example.com}: it and its subdomains;
 * {@code .example.com} and {@code *.example.com}: its subdomains only), each but a CIDR range
 * optionally with {@code :port}. An entry with a {@code /} that is no valid CIDR range ({@code
 * 10.0.0.0/33}, {@code 10.42.0.0/16:6443}) is invalid: Go ignores it silently, so it never does
 * what it says; rancherd's downloads refuse it and {@code doctor} reports it.
 */
public final class NoProxy {

  /** An entry that is not valid, as written, and what is wrong with it. */
  public record Invalid(String entry, String problem) {

    /** {@code entry "10.0.0.0/33" is not a valid CIDR range such as 10.0.0.0/8}. */
    public String describe() {
      return "entry \"" + entry + "\" " + problem;
    }
  }

  private final List<NoProxyEntry> entries;
  private final boolean all;
  private final List<Invalid> invalid;

  private NoProxy(List<NoProxyEntry> entries, boolean all, List<Invalid> invalid) {
    this.entries = List.copyOf(entries);
    this.all = all;
    this.invalid = List.copyOf(invalid);
  }

  /** Reads {@code value}; invalid entries are kept aside (see {@link #invalid()}), never used. */
  public static NoProxy parse(String value) {
    List<NoProxyEntry> entries = new ArrayList<>();
    List<Invalid> invalid = new ArrayList<>();
    boolean all = false;
    for (String raw : value.split(",")) {
      String text = raw.trim();
      String entry = text.toLowerCase(Locale.ROOT);
      if (entry.equals("*")) {
        all = true;
      } else if (!entry.isEmpty()) {
        Optional<NoProxyEntry> parsed = NoProxyEntry.parse(text, entry);
        if (parsed.isPresent()) {
          entries.add(parsed.get());
        } else {
          invalid.add(new Invalid(text, "is not a valid CIDR range such as 10.0.0.0/8"));
        }
      }
    }
    return new NoProxy(entries, all, invalid);
  }

  /** The entries that are not valid, in the order written. */
  public List<Invalid> invalid() {
    return invalid;
  }

  /** The value without its invalid entries: the valid ones as written, joined by commas. */
  public String validValue() {
    List<String> kept = new ArrayList<>();
    if (all) {
      kept.add("*");
    }
    entries.forEach(e -> kept.add(e.text()));
    return String.join(",", kept);
  }

  /**
   * Whether requests to {@code host} (a name or an address literal, lower case, without brackets)
   * on {@code port} go around the proxy.
   */
  boolean bypasses(String host, int port) {
    Optional<IpRange> ip = IpRange.parse(host).filter(r -> !host.contains("/"));
    return all || entries.stream().anyMatch(e -> e.matches(host, ip, port));
  }

  /**
   * Whether requests to {@code needed} go around the proxy: a host (name or address; an entry with
   * a port counts), or, for a CIDR range, every address of it (one entry must hold the whole
   * range).
   */
  public boolean covers(String needed) {
    String target = needed.trim().toLowerCase(Locale.ROOT);
    if (all) {
      return true;
    }
    if (target.contains("/")) {
      Optional<IpRange> range = IpRange.parse(target);
      return range.isPresent()
          && entries.stream()
              .anyMatch(e -> e.range().isPresent() && e.range().get().contains(range.get()));
    }
    return bypasses(EnvProxySelector.unbracket(target), -1);
  }
}
