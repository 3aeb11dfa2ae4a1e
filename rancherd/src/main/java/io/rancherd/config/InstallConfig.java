package io.rancherd.config;

import java.util.Map;
import java.util.Optional;

/**
 * Which runtime and version the node installs, and where it comes from.
 *
 * @param kubernetesVersion an exact version or a channel; it also names the runtime (k3s or rke2)
 * @param installScriptUrl the runtime's install script (default: get.k3s.io or get.rke2.io)
 * @param airgapArtifactsDir a local directory holding the runtime's air-gap artifacts; when set
 *     nothing is downloaded
 * @param runtimeInstallerImage the original rancherd's installer image of the runtime
 * @param systemDefaultRegistry the registry that image names without one are pulled from
 * @param registries the runtime's {@code registries.yaml}: mirrors and registry credentials
 */
public record InstallConfig(
    Optional<String> kubernetesVersion,
    Optional<String> installScriptUrl,
    Optional<String> airgapArtifactsDir,
    Optional<String> runtimeInstallerImage,
    Optional<String> systemDefaultRegistry,
    Map<String, Object> registries) {


  public InstallConfig {
    registries = PlainValues.immutableMap(registries);
  }
}
