package io.rancherd.runtime;

/**
 * A {@code kubernetesVersion} as written: an exact version ({@code v1.30.2+k3s1}, {@code
 * v1.30.2+rke2r1}) used as is, or a channel ({@code stable}, {@code latest}, {@code testing},
 * {@code v1.30}, optionally suffixed {@code :k3s} or {@code :rke2}) that is resolved through the
 * runtime's channel server (docs/runtimes.md §7.1).
 */
public record KubernetesVersion(String text, Runtime runtime, boolean exact, String channel) {

  public static final String DEFAULT_CHANNEL = "stable";

  public static KubernetesVersion parse(String text) {
    String value = text == null || text.isBlank() ? DEFAULT_CHANNEL : text.trim();
    Runtime runtime = Runtime.forVersion(value);
    if (isExact(value)) {
      return new KubernetesVersion(value, runtime, true, "");
    }
    int colon = value.lastIndexOf(':');
    String channel = colon > 0 && !value.startsWith("http") ? value.substring(0, colon) : value;
    return new KubernetesVersion(value, runtime, false, channel);
  }

  static boolean isExact(String value) {
    if (value.startsWith("http://") || value.startsWith("https://")) {
      return false;
    }
    if (value.endsWith("-head") || value.contains("/")) {
      return true;
    }
    return value.startsWith("v") && value.split("\\.").length >= 3;
  }
}
