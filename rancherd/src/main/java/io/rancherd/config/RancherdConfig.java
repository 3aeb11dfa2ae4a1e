package io.rancherd.config;

import io.rancherd.secret.Secret;
import java.util.Optional;

/**
 * The merged, validated rancherd configuration, in groups of keys. Every key of rancherd's {@code
 * config-example.yaml} is here with rancherd's meaning; each group's components are named after its
 * keys ({@link ConfigKeys#TOP} is read from them). Collections are never null; optional scalars are
 * Optional.
 */
public record RancherdConfig(
    ClusterConfig cluster,
    TrustConfig trust,
    Optional<DiscoveryConfig> discovery,
    NodeConfig node,
    InstallConfig install,
    RancherConfig rancher,
    InstructionsConfig instructions,
    ResourcesConfig resources) {

  public RancherdConfig withCluster(ClusterConfig newCluster) {
    return new RancherdConfig(
        newCluster, trust, discovery, node, install, rancher, instructions, resources);
  }

  public RancherdConfig withNode(NodeConfig newNode) {
    return new RancherdConfig(
        cluster, trust, discovery, newNode, install, rancher, instructions, resources);
  }

  public RancherdConfig withInstructions(InstructionsConfig newInstructions) {
    return new RancherdConfig(
        cluster, trust, discovery, node, install, rancher, newInstructions, resources);
  }

  public RancherdConfig withResources(ResourcesConfig newResources) {
    return new RancherdConfig(
        cluster, trust, discovery, node, install, rancher, instructions, newResources);
  }

  public RancherdConfig withInstall(InstallConfig newInstall) {
    return new RancherdConfig(
        cluster, trust, discovery, node, newInstall, rancher, instructions, resources);
  }

  public RancherdConfig withRancher(RancherConfig newRancher) {
    return new RancherdConfig(
        cluster, trust, discovery, node, install, newRancher, instructions, resources);
  }

  /** A copy with another token (the one resolved for a cluster-init node). */
  public RancherdConfig withToken(Secret newToken) {
    return withCluster(cluster.withToken(newToken));
  }

  /** A copy that joins {@code newServer} (the server a discovering node found). */
  public RancherdConfig withServer(String newServer) {
    return withCluster(cluster.withServer(newServer));
  }
}
