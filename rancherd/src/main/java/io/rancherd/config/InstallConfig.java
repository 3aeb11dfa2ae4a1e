package io.rancherd.config;

import java.util.Optional;

/**
 * Where the runtime and Rancher come from (rancherd (Java) additions, top-level keys).
 *
 * @param installScriptUrl the runtime's install script (default: get.k3s.io or get.rke2.io)
 * @param airgapArtifactsDir a local directory holding the runtime's air-gap artifacts; when set
 *     nothing is downloaded
 * @param rancherChartRepository the Helm repository of the Rancher chart (default: the channel's)
 * @param installRancher false installs Kubernetes only
 */
public record InstallConfig(
    Optional<String> installScriptUrl,
    Optional<String> airgapArtifactsDir,
    Optional<String> rancherChartRepository,
    boolean installRancher) {

  public static final InstallConfig DEFAULTS =
      new InstallConfig(Optional.empty(), Optional.empty(), Optional.empty(), true);
}
