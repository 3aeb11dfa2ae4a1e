package io.rancherd.discovery;

import io.rancherd.state.DiscoveryRecord;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A peer's IP address. Peers are sorted numerically, IPv4 before IPv6 (rancherd sorted them as
 * strings, so 10.0.0.10 came before 10.0.0.9); the text form is the address literal.
 */
public record PeerAddress(InetAddress address) implements Comparable<PeerAddress> {

  private static final Pattern LITERAL = Pattern.compile("[0-9.]+|[0-9a-fA-F:.%]*:[0-9a-fA-F:.%]*");

  /** Parses an IP literal; never looks a name up. */
  public static PeerAddress parse(String text) {
    String literal = text.trim();
    if (literal.startsWith("[") && literal.endsWith("]")) {
      literal = literal.substring(1, literal.length() - 1);
    }
    if (!LITERAL.matcher(literal).matches()) {
      throw new IllegalArgumentException("not an IP address: '" + text + "'");
    }
    try {
      return new PeerAddress(InetAddress.getByName(literal));
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address: '" + text + "'", e);
    }
  }

  public boolean ipv4() {
    return address instanceof Inet4Address;
  }

  /** The host part of a URL: the literal, bracketed for IPv6. */
  public String urlHost() {
    return ipv4() ? text() : "[" + text() + "]";
  }

  /** {@code https://<address>:<port>}. */
  public String url(int port) {
    return "https://" + urlHost() + ":" + port;
  }

  public String text() {
    String text = address.getHostAddress();
    int scope = text.indexOf('%');
    return scope < 0 ? text : text.substring(0, scope);
  }

  /** The address literals, as {@code discovery.json} keeps them. */
  public static List<String> texts(List<PeerAddress> peers) {
    return peers.stream().map(PeerAddress::text).toList();
  }

  /** "10.0.0.5, 10.0.0.6" for messages, or "none". */
  public static String join(List<PeerAddress> peers) {
    return DiscoveryRecord.list(texts(peers));
  }

  @Override
  public int compareTo(PeerAddress other) {
    byte[] a = address.getAddress();
    byte[] b = other.address.getAddress();
    if (a.length != b.length) {
      return Integer.compare(a.length, b.length);
    }
    return Arrays.compareUnsigned(a, b);
  }

  @Override
  public String toString() {
    return text();
  }
}
