package io.rancherd.runtime;

import io.rancherd.config.RancherdConfig;
import io.rancherd.secret.Secret;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The runtime config drop-in rancherd writes ({@code
 * /etc/rancher/<rt>/config.yaml.d/40-rancherd.yaml}), with the runtimes' real keys
 * (docs/runtimes.md §2.3): {@code address} becomes {@code node-external-ip} and {@code
 * internalAddress} becomes {@code node-ip} (rancherd wrote {@code address} and {@code
 * internal-address}, which the runtimes ignore). {@code cluster-init} is written only for k3s (RKE2
 * drops the flag and always initializes); {@code extraConfig} is merged last and wins. The list
 * keys rancherd sets are written {@code key+} ({@link #APPEND}): the runtimes replace a key of an
 * earlier config file unless it is written so (docs/runtimes.md §11.2), and the image's own {@code
 * config.yaml} may set labels, taints or SANs of its own that must survive.
 */
public final class RuntimeConfigFile {

  /** The suffix that makes the runtime append a list key's values to earlier files' values. */
  public static final String APPEND = "+";

  private RuntimeConfigFile() {}

  /**
   * The drop-in's keys.
   *
   * @param server the supervisor URL to join, empty on the cluster-init node
   * @param disabledComponents the server components this node does not run ({@code
   *     disable-<component>: true}): etcd-only and control-plane-only servers
   */
  public static Map<String, Object> keys(
      Runtime runtime,
      RancherdConfig config,
      Secret token,
      Optional<String> server,
      boolean runtimeServer,
      List<String> disabledComponents) {
    Map<String, Object> keys = new LinkedHashMap<>();
    keys.put("token", token.reveal());
    server.ifPresent(url -> keys.put("server", url));
    if (server.isEmpty() && runtime.needsClusterInitKey()) {
      keys.put("cluster-init", true);
    }
    if (runtimeServer && !config.node().tlsSans().isEmpty()) {
      keys.put("tls-san" + APPEND, config.node().tlsSans());
    }
    config.node().nodeName().ifPresent(name -> keys.put("node-name", name));
    config.node().address().ifPresent(ip -> keys.put("node-external-ip", ip));
    config.node().internalAddress().ifPresent(ip -> keys.put("node-ip", ip));
    if (!config.node().labels().isEmpty()) {
      keys.put("node-label" + APPEND, config.node().labels());
    }
    if (!config.node().taints().isEmpty()) {
      keys.put("node-taint" + APPEND, config.node().taints());
    }
    if (runtimeServer) {
      config
          .install()
          .systemDefaultRegistry()
          .ifPresent(r -> keys.put("system-default-registry", r));
    }
    disabledComponents.forEach(component -> keys.put("disable-" + component, true));
    keys.putAll(config.node().extraConfig());
    return keys;
  }

  /**
   * The node name the config sets, if any: {@code extraConfig} {@code node-name} wins (as in the
   * drop-in), then {@code nodeName}.
   */
  public static Optional<String> nodeName(
      Optional<String> nodeName, Map<String, Object> extraConfig) {
    Object extra = extraConfig.get("node-name");
    return extra instanceof String s && !s.isBlank()
        ? Optional.of(s)
        : nodeName.filter(n -> !n.isBlank());
  }

  /** YAML text of a map, block style, in insertion order. */
  public static String yaml(Map<String, Object> map) {
    return ManifestYaml.dump(map);
  }
}
