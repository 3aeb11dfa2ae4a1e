package io.rancherd.e2e;

import io.rancherd.standin.StandInArtifacts;

/** The runtimes the nodes install, both through the air-gap path with the stand-in's artifacts. */
enum StandInRuntime {
  K3S(StandInArtifacts.K3S_VERSION, StandInKit.K3S_AIRGAP, "k3s", "k3s-agent"),
  RKE2(StandInArtifacts.RKE2_VERSION, StandInKit.RKE2_AIRGAP, "rke2-server", "rke2-agent");

  final String version;
  final String airgapDir;
  final String serverUnit;
  final String agentUnit;

  StandInRuntime(String version, String airgapDir, String serverUnit, String agentUnit) {
    this.version = version;
    this.airgapDir = airgapDir;
    this.serverUnit = serverUnit;
    this.agentUnit = agentUnit;
  }

  /**
   * rancherd's config for a node that initializes a cluster of this runtime and installs Rancher.
   */
  String clusterInitConfig() {
    return """
        role: cluster-init
        kubernetesVersion: %s
        airgapArtifactsDir: %s
        rancherVersion: v2.8.5
        rancherValues:
          bootstrapPassword: "first-admin-password"
        """
        .formatted(version, airgapDir);
  }

  /** rancherd's config for an agent joining {@code server} with {@code token}. */
  String agentConfig(String server, String token) {
    return """
        role: agent
        server: %s
        token: "%s"
        kubernetesVersion: %s
        airgapArtifactsDir: %s
        """
        .formatted(server, token, version, airgapDir);
  }
}
