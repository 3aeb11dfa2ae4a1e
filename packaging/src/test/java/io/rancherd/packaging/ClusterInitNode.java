package io.rancherd.packaging;

import io.rancherd.standin.StandInArtifacts;
import io.rancherd.standin.StandInProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** A cluster-init k3s node in a temp --root whose runtime is the stand-in, installed air-gapped. */
final class ClusterInitNode {

  private ClusterInitNode() {}

  /**
   * Waits until the stand-in's ports are free, writes the k3s air-gap artifacts under {@code root}
   * and the node's config to {@code config} ({@code token} when not empty, else rancherd makes
   * one). Returns {@code config}.
   */
  static Path prepare(Path root, Path config, String token) throws IOException {
    StandInProcesses.awaitPortsFree(Duration.ofSeconds(30));
    StandInArtifacts.k3sAirgap(root.resolve("opt/rancherd/airgap"));
    String tokenLine = token.isEmpty() ? "" : "  token: \"" + token + "\"\n";
    return Files.writeString(
        config,
        """
        #cloud-config
        rancherd:
          role: cluster-init
        %s  kubernetesVersion: %s
          airgapArtifactsDir: /opt/rancherd/airgap
          rancherVersion: v2.8.5
        """
            .formatted(tokenLine, StandInArtifacts.K3S_VERSION));
  }
}
