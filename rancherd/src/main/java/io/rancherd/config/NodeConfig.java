package io.rancherd.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * This node as the runtime sees it: its name and addresses, labels and taints, the extra names of
 * its serving certificate, and {@code extraConfig}, runtime config keys written as they are.
 */
public record NodeConfig(
    Optional<String> nodeName,
    Optional<String> address,
    Optional<String> internalAddress,
    List<String> labels,
    List<String> taints,
    List<String> tlsSans,
    Map<String, Object> extraConfig) {

  public NodeConfig {
    labels = List.copyOf(labels);
    taints = List.copyOf(taints);
    tlsSans = List.copyOf(tlsSans);
    extraConfig = PlainValues.immutableMap(extraConfig);
  }

  public NodeConfig withExtraConfig(Map<String, Object> newExtraConfig) {
    return new NodeConfig(
        nodeName, address, internalAddress, labels, taints, tlsSans, newExtraConfig);
  }
}
