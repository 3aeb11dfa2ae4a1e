package io.rancherd.config;

import io.rancherd.secret.Secret;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The merged, validated rancherd configuration. Every key of rancherd's {@code config-example.yaml}
 * is here with rancherd's meaning. Collections are never null; optional scalars are Optional.
 */
public record RancherdConfig(
    Optional<String> role,
    Optional<Secret> token,
    Optional<String> server,
    Optional<DiscoveryConfig> discovery,
    Optional<String> kubernetesVersion,
    Optional<String> rancherVersion,
    Map<String, Object> rancherValues,
    List<String> tlsSans,
    Optional<String> nodeName,
    Optional<String> address,
    Optional<String> internalAddress,
    List<String> labels,
    List<String> taints,
    Map<String, Object> extraConfig,
    List<InstructionConfig> preInstructions,
    List<InstructionConfig> postInstructions,
    List<Map<String, Object>> resources,
    List<Map<String, Object>> bootstrapResources,
    Map<String, Object> registries,
    Optional<String> systemDefaultRegistry,
    Optional<String> runtimeInstallerImage,
    Optional<String> rancherInstallerImage,
    InstallConfig install,
    TrustConfig trust) {

  public RancherdConfig {
    rancherValues = PlainValues.immutableMap(rancherValues);
    tlsSans = List.copyOf(tlsSans);
    labels = List.copyOf(labels);
    taints = List.copyOf(taints);
    extraConfig = PlainValues.immutableMap(extraConfig);
    preInstructions = List.copyOf(preInstructions);
    postInstructions = List.copyOf(postInstructions);
    resources = PlainValues.immutableMaps(resources);
    bootstrapResources = PlainValues.immutableMaps(bootstrapResources);
    registries = PlainValues.immutableMap(registries);
  }

  /** Every bootstrap resource in rancherd's order: resources, then the deprecated bootstrapResources. */
  public List<Map<String, Object>> allResources() {
    List<Map<String, Object>> all = new ArrayList<>(resources);
    all.addAll(bootstrapResources);
    return List.copyOf(all);
  }

  /** A copy with more resources appended (objects read from the manifests directories). */
  public RancherdConfig withExtraResources(List<Map<String, Object>> extra) {
    List<Map<String, Object>> all = new ArrayList<>(resources);
    all.addAll(extra);
    return new RancherdConfig(role, token, server, discovery, kubernetesVersion, rancherVersion,
        rancherValues, tlsSans, nodeName, address, internalAddress, labels, taints, extraConfig,
        preInstructions, postInstructions, all, bootstrapResources, registries,
        systemDefaultRegistry, runtimeInstallerImage, rancherInstallerImage, install, trust);
  }

  /** A copy with another token (the one resolved for a cluster-init node). */
  public RancherdConfig withToken(Secret newToken) {
    return new RancherdConfig(role, Optional.of(newToken), server, discovery, kubernetesVersion,
        rancherVersion, rancherValues, tlsSans, nodeName, address, internalAddress, labels, taints,
        extraConfig, preInstructions, postInstructions, resources, bootstrapResources, registries,
        systemDefaultRegistry, runtimeInstallerImage, rancherInstallerImage, install, trust);
  }

  /** A copy that joins {@code newServer} (the server a discovering node found). */
  public RancherdConfig withServer(String newServer) {
    return new RancherdConfig(role, token, Optional.of(newServer), discovery, kubernetesVersion,
        rancherVersion, rancherValues, tlsSans, nodeName, address, internalAddress, labels, taints,
        extraConfig, preInstructions, postInstructions, resources, bootstrapResources, registries,
        systemDefaultRegistry, runtimeInstallerImage, rancherInstallerImage, install, trust);
  }

  /**
   * The port of this node's discovery join server: {@code rancherValues.hostPort} when it is a
   * port number, else 8443 (rancherd's rule).
   */
  public int discoveryPort() {
    Object hostPort = rancherValues.get("hostPort");
    try {
      int port = hostPort == null ? 0 : Integer.parseInt(String.valueOf(hostPort).trim());
      return port > 0 && port < 65536 ? port : DEFAULT_DISCOVERY_PORT;
    } catch (NumberFormatException e) {
      return DEFAULT_DISCOVERY_PORT;
    }
  }

  public static final int DEFAULT_DISCOVERY_PORT = 8443;
}
