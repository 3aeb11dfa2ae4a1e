package io.rancherd.runtime;

import java.util.regex.Pattern;

/**
 * The installer images' default names (docs/runtimes.md §1.3, docs/rancher-and-join.md §2.6): the
 * runtime's {@code rancher/system-agent-installer-<k3s|rke2>:<kubernetesVersion>} and Rancher's
 * {@code rancher/system-agent-installer-rancher:<rancherVersion>}, any {@code +} of the version
 * made a {@code -} (a tag cannot hold {@code +}). The names carry no registry: they are resolved
 * against {@code systemDefaultRegistry} as a registry host, as every image name without one is. The
 * original used that setting as the whole prefix ({@code reg:5000-k3s:<tag>}, quirk Q2), which is
 * not a valid reference; rancherd does not copy it.
 */
public final class InstallerImageNames {

  /** The repository prefix every installer image shares. */
  public static final String PREFIX = "rancher/system-agent-installer-";

  private static final Pattern EXACT =
      Pattern.compile("v?\\d+\\.\\d+\\.\\d+([-+][0-9A-Za-z.+-]+)?");

  private InstallerImageNames() {}

  /** The runtime's installer image for an exact {@code kubernetesVersion}. */
  public static String runtime(Runtime runtime, String kubernetesVersion) {
    return PREFIX + runtime.id() + ":" + tag(kubernetesVersion);
  }

  /** Rancher's installer image for an exact {@code rancherVersion}. */
  public static String rancher(String rancherVersion) {
    return PREFIX + "rancher:" + tag(rancherVersion);
  }

  /** An image tag from a version: {@code +} becomes {@code -}. */
  public static String tag(String version) {
    return version.trim().replace('+', '-');
  }

  /** Whether {@code version} is an exact version (v1.29.4+k3s1, v2.8.5, 2.9.0-rc1), no channel. */
  public static boolean exactVersion(String version) {
    return version != null && EXACT.matcher(version.trim()).matches();
  }
}
