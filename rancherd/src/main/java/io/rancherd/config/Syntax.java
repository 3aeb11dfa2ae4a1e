package io.rancherd.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks for the value formats rancherd accepts: Kubernetes labels and taints, node names, IP
 * addresses, https URLs and Go durations. Each check returns a problem description, or null when
 * the value is valid.
 */
public final class Syntax {

  public static final List<String> TAINT_EFFECTS =
      List.of("NoSchedule", "PreferNoSchedule", "NoExecute");

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern IPV4 =
      Pattern.compile(
          "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");
  private static final Pattern DURATION_PART =
      Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

  private Syntax() {}

  /** A label {@code key=value} with a Kubernetes qualified-name key and a valid value. */
  public static String labelProblem(String label) {
    int eq = label.indexOf('=');
    if (eq < 0) {
      return "a label needs the form key=value";
    }
    String keyProblem = qualifiedNameProblem(label.substring(0, eq));
    return keyProblem != null ? keyProblem : labelValueProblem(label.substring(eq + 1));
  }

  /** A taint {@code key=value:Effect} (the value may be empty) with a valid effect. */
  public static String taintProblem(String taint) {
    int colon = taint.lastIndexOf(':');
    if (colon < 0) {
      return "a taint needs the form key=value:Effect";
    }
    String effect = taint.substring(colon + 1);
    if (!TAINT_EFFECTS.contains(effect)) {
      return "the effect must be one of " + String.join(", ", TAINT_EFFECTS);
    }
    String keyValue = taint.substring(0, colon);
    int eq = keyValue.indexOf('=');
    String key = eq < 0 ? keyValue : keyValue.substring(0, eq);
    String keyProblem = qualifiedNameProblem(key);
    if (keyProblem != null) {
      return keyProblem;
    }
    return eq < 0 ? null : labelValueProblem(keyValue.substring(eq + 1));
  }

  private static String qualifiedNameProblem(String key) {
    String name = key;
    int slash = key.indexOf('/');
    if (slash >= 0) {
      String prefix = key.substring(0, slash);
      name = key.substring(slash + 1);
      if (dnsSubdomainProblem(prefix) != null) {
        return "the key prefix '" + prefix + "' must be a lowercase DNS name";
      }
    }
    if (name.isEmpty() || name.length() > 63 || !NAME.matcher(name).matches()) {
      return "the key must be 1-63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit";
    }
    return null;
  }

  private static String labelValueProblem(String value) {
    if (value.isEmpty()) {
      return null;
    }
    if (value.length() > 63 || !NAME.matcher(value).matches()) {
      return "the value must be at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit";
    }
    return null;
  }

  /** A node name: a lowercase RFC 1123 DNS subdomain. */
  public static String dnsSubdomainProblem(String name) {
    if (name.isEmpty() || name.length() > 253) {
      return "must be 1-253 characters";
    }
    for (String label : name.split("\\.", -1)) {
      if (label.length() > 63 || !DNS_LABEL.matcher(label).matches()) {
        return "must be lowercase letters, digits, '-' and '.', each part starting and ending with a letter or digit";
      }
    }
    return null;
  }

  /** An IPv4 or IPv6 address literal (no DNS lookup is made). */
  public static String ipProblem(String address) {
    if (IPV4.matcher(address).matches()) {
      return null;
    }
    if (address.contains(":") && IPV6.matcher(address).matches()) {
      try {
        java.net.InetAddress.getByName(address);
        return null;
      } catch (java.net.UnknownHostException e) {
        return "not a valid IPv6 address";
      }
    }
    return "not an IP address literal";
  }

  /** An absolute path without {@code ..} segments. */
  public static String absolutePathProblem(String path) {
    if (!path.startsWith("/")) {
      return "the path must be absolute";
    }
    for (String segment : path.split("/")) {
      if (segment.equals("..")) {
        return "the path must not contain ..";
      }
    }
    return null;
  }

  /** A CA checksum: 64 hex digits, optionally prefixed by {@code sha256:}. */
  public static String caChecksumProblem(String checksum) {
    String hex = caChecksumHex(checksum);
    if (hex.length() != 64) {
      return "it has " + hex.length() + " hex digits, not 64";
    }
    return hex.matches("[0-9a-f]{64}") ? null : "it holds characters that are not hex digits";
  }

  /** The hex digits of a CA checksum, lowercase, without the {@code sha256:} prefix. */
  public static String caChecksumHex(String checksum) {
    String lower = checksum.trim().toLowerCase(java.util.Locale.ROOT);
    return lower.startsWith("sha256:") ? lower.substring("sha256:".length()) : lower;
  }

  /** An {@code https://host[:port][/path]} URL. */
  public static String httpsUrlProblem(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return "not a valid URL";
    }
    if (!"https".equalsIgnoreCase(uri.getScheme())) {
      return uri.getScheme() == null
          ? "the URL has no scheme"
          : "the scheme must be https, not " + uri.getScheme();
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      return "the URL has no host";
    }
    return null;
  }

  /**
   * Parses a Go duration such as {@code 1m}, {@code 90s} or {@code 1h30m}; returns null when
   * invalid.
   */
  public static Duration parseDuration(String text) {
    if (text.isEmpty()) {
      return null;
    }
    Matcher m = DURATION_PART.matcher(text);
    int at = 0;
    double nanos = 0;
    while (at < text.length()) {
      if (!m.find(at) || m.start() != at) {
        return null;
      }
      nanos += Double.parseDouble(m.group(1)) * unitNanos(m.group(2));
      at = m.end();
    }
    return Duration.ofNanos((long) nanos);
  }

  private static double unitNanos(String unit) {
    return switch (unit) {
      case "ns" -> 1;
      case "us", "µs" -> 1e3;
      case "ms" -> 1e6;
      case "s" -> 1e9;
      case "m" -> 60e9;
      default -> 3600e9;
    };
  }
}
