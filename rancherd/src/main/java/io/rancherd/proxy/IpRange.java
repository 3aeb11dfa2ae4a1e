package io.rancherd.proxy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;

/**
 * An IPv4 or IPv6 range: a CIDR such as {@code 10.42.0.0/16}, or one address (all its bits).
 * Parsing never asks DNS: only literals are accepted.
 */
record IpRange(byte[] network, int bits) {

  /** The range {@code text} names, or empty when it is no address literal or valid CIDR. */
  static Optional<IpRange> parse(String text) {
    int slash = text.indexOf('/');
    Optional<byte[]> address = literal(slash < 0 ? text : text.substring(0, slash));
    if (address.isEmpty()) {
      return Optional.empty();
    }
    int max = address.get().length * 8;
    if (slash < 0) {
      return Optional.of(new IpRange(address.get(), max));
    }
    String suffix = text.substring(slash + 1);
    if (!suffix.matches("\\d{1,3}") || Integer.parseInt(suffix) > max) {
      return Optional.empty();
    }
    return Optional.of(new IpRange(address.get(), Integer.parseInt(suffix)));
  }

  /** Whether every address of {@code other} is in this range. */
  boolean contains(IpRange other) {
    if (other.network.length != network.length || other.bits < bits) {
      return false;
    }
    for (int bit = 0; bit < bits; bit++) {
      int mask = 0x80 >> (bit % 8);
      if ((other.network[bit / 8] & mask) != (network[bit / 8] & mask)) {
        return false;
      }
    }
    return true;
  }

  /** The address bytes when {@code host} is an IPv4 or IPv6 literal; never a DNS lookup. */
  static Optional<byte[]> literal(String host) {
    boolean v4 =
        host.matches("\\d{1,3}(\\.\\d{1,3}){3}")
            && Arrays.stream(host.split("\\.")).allMatch(octet -> Integer.parseInt(octet) <= 255);
    boolean v6 = host.contains(":") && host.matches("[0-9a-fA-F:.]+");
    if (!v4 && !v6) {
      return Optional.empty();
    }
    try {
      // A literal: the JDK parses it without a lookup.
      return Optional.of(InetAddress.getByName(host).getAddress());
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }
}
