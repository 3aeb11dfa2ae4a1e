package io.rancherd.install;

import io.rancherd.config.InstallConfig;
import io.rancherd.runtime.Runtime;
import java.util.List;
import java.util.Optional;

/**
 * What to install: the runtime as server or agent, the {@code kubernetesVersion} as written, and
 * where the artifacts come from: the configured {@code installSource}, an air-gap directory, the
 * install script URL, and the hosts and networks the runtime must reach without a proxy (its pod
 * and service CIDRs, its server); {@code image} is the installer image ({@code
 * runtimeInstallerImage}), named under {@code defaultRegistry} ({@code systemDefaultRegistry}).
 */
public record InstallRequest(
    Runtime runtime,
    boolean server,
    String kubernetesVersion,
    InstallConfig.Source source,
    Optional<String> airgapDir,
    Optional<String> scriptUrl,
    List<String> noProxy,
    Optional<String> image,
    Optional<String> defaultRegistry) {

  public InstallRequest {
    noProxy = List.copyOf(noProxy);
  }

  /** A request without an installer image. */
  public InstallRequest(
      Runtime runtime,
      boolean server,
      String kubernetesVersion,
      InstallConfig.Source source,
      Optional<String> airgapDir,
      Optional<String> scriptUrl,
      List<String> noProxy) {
    this(
        runtime,
        server,
        kubernetesVersion,
        source,
        airgapDir,
        scriptUrl,
        noProxy,
        Optional.empty(),
        Optional.empty());
  }
}
