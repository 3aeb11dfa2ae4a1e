package io.rancherd.kube;

import io.rancherd.error.UnexpectedStateException;
import io.rancherd.fs.Root;
import io.rancherd.runtime.RuntimeConfigFile;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The name the runtime registers this node under, found as k3s and RKE2 find it ({@code
 * getHostnameAndIPs} in k3s {@code pkg/agent/config/config.go}): the {@code node-name} the runtime
 * config gets (rancherd's {@code extraConfig} wins over {@code nodeName}, as in the drop-in
 * rancherd writes), else the hostname; lower-cased either way.
 */
public final class NodeName {

  static final String HOSTNAME_FILE = "/proc/sys/kernel/hostname";

  /** Where the hostname comes from when the kernel's file cannot be read. */
  @FunctionalInterface
  interface HostnameFallback {
    String hostname() throws IOException;
  }

  private NodeName() {}

  /**
   * The node name.
   *
   * @param nodeName rancherd's {@code nodeName}
   * @param extraConfig rancherd's {@code extraConfig}; its {@code node-name}, when set, is what the
   *     runtime uses
   */
  public static String resolve(
      Optional<String> nodeName, Map<String, Object> extraConfig, Root root)
      throws UnexpectedStateException {
    return resolve(nodeName, extraConfig, root, () -> InetAddress.getLocalHost().getHostName());
  }

  static String resolve(
      Optional<String> nodeName,
      Map<String, Object> extraConfig,
      Root root,
      HostnameFallback fallback)
      throws UnexpectedStateException {
    Optional<String> configured = RuntimeConfigFile.nodeName(nodeName, extraConfig);
    String name = configured.isPresent() ? configured.get() : hostname(root, fallback);
    return name.trim().toLowerCase(Locale.ROOT);
  }

  private static String hostname(Root root, HostnameFallback fallback)
      throws UnexpectedStateException {
    Path file = root.path(HOSTNAME_FILE);
    try {
      String fromKernel = Files.readString(file, StandardCharsets.UTF_8).trim();
      if (!fromKernel.isEmpty()) {
        return fromKernel;
      }
    } catch (IOException e) {
      // not Linux, or a test root without it: ask the JVM
    }
    try {
      return fallback.hostname();
    } catch (IOException e) {
      throw new UnexpectedStateException(
          "finding the node name: no nodeName is configured and the hostname is unknown: "
              + e.getMessage());
    }
  }
}
