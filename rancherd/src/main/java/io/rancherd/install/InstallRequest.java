package io.rancherd.install;

import io.rancherd.config.InstallConfig;
import io.rancherd.runtime.Runtime;
import java.util.Optional;

/**
 * What to install: the runtime as server or agent, the {@code kubernetesVersion} as written, and
 * where the artifacts come from: the configured {@code installSource}, an air-gap directory, the
 * install script URL.
 */
public record InstallRequest(
    Runtime runtime,
    boolean server,
    String kubernetesVersion,
    InstallConfig.Source source,
    Optional<String> airgapDir,
    Optional<String> scriptUrl) {}
