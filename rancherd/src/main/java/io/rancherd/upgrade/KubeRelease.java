package io.rancherd.upgrade;

import io.rancherd.runtime.Runtime;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An exact k3s or RKE2 release as the runtimes name them and as their kubelets report it in {@code
 * status.nodeInfo.kubeletVersion}: {@code v1.31.4+k3s1}, {@code v1.31.4+rke2r1} (docs/runtimes.md
 * §7). Ordered by Kubernetes version, then by the runtime's revision ({@code k3s2} after {@code
 * k3s1}).
 */
record KubeRelease(String text, Runtime runtime, int major, int minor, int patch, int revision)
    implements Comparable<KubeRelease> {

  private static final Pattern FORMAT =
      Pattern.compile(
          "v(\\d{1,4})\\.(\\d{1,4})\\.(\\d{1,4})(?:-[0-9A-Za-z.-]+)?\\+(k3s|rke2r)(\\d{1,4})");

  private static final Comparator<KubeRelease> ORDER =
      Comparator.comparingInt(KubeRelease::major)
          .thenComparingInt(KubeRelease::minor)
          .thenComparingInt(KubeRelease::patch)
          .thenComparingInt(KubeRelease::revision);

  /** The release {@code text} names, or empty when it is not an exact k3s or RKE2 release. */
  static Optional<KubeRelease> parse(String text) {
    Matcher m = FORMAT.matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(
        new KubeRelease(
            text.trim(),
            m.group(4).equals("k3s") ? Runtime.K3S : Runtime.RKE2,
            Integer.parseInt(m.group(1)),
            Integer.parseInt(m.group(2)),
            Integer.parseInt(m.group(3)),
            Integer.parseInt(m.group(5))));
  }

  /** {@code v1.31}: the minor line, as the runtimes' channels name it. */
  String minorLine() {
    return "v" + major + "." + minor;
  }

  @Override
  public int compareTo(KubeRelease other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    return text;
  }
}
