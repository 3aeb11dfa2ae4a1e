package io.rancherd.config;

import java.util.Map;
import java.util.Optional;

/**
 * Which runtime and version the node installs, and where it comes from.
 *
 * @param kubernetesVersion an exact version or a channel; it also names the runtime (k3s or rke2)
 * @param installSource where the runtime is installed from; {@link Source#AUTO} chooses by the
 *     other keys
 * @param installScriptUrl the runtime's install script (default: get.k3s.io or get.rke2.io)
 * @param airgapArtifactsDir a local directory holding the runtime's air-gap artifacts; when set
 *     nothing is downloaded
 * @param runtimeInstallerImage the original rancherd's installer image of the runtime
 * @param systemDefaultRegistry the registry that image names without one are pulled from
 * @param registries the runtime's {@code registries.yaml}: mirrors and registry credentials
 */
public record InstallConfig(
    Optional<String> kubernetesVersion,
    Source installSource,
    Optional<String> installScriptUrl,
    Optional<String> airgapArtifactsDir,
    Optional<String> runtimeInstallerImage,
    Optional<String> systemDefaultRegistry,
    Map<String, Object> registries) {

  /** Where the runtime is installed from. */
  public enum Source {
    /**
     * From {@code runtimeInstallerImage} when it is set, else from {@code airgapArtifactsDir} when
     * it is set, else with the online install script.
     */
    AUTO,
    /** With the install script, downloaded ({@code installScriptUrl} or the runtime's own). */
    SCRIPT,
    /** From {@code airgapArtifactsDir}, which must be set; nothing is downloaded. */
    AIRGAP,
    /**
     * From installer images in a registry: {@code runtimeInstallerImage} and {@code
     * rancherInstallerImage}, or their default names for the exact versions configured.
     */
    IMAGE;

    /** The name as written in the configuration and on the command line. */
    public String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public InstallConfig {
    registries = PlainValues.immutableMap(registries);
  }
}
