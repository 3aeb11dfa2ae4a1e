package io.rancherd.install;

import io.rancherd.runtime.Runtime;
import java.util.Optional;

/**
 * What to install: the runtime as server or agent, the {@code kubernetesVersion} as written, and
 * where the artifacts come from (an air-gap directory, or the install script URL).
 */
public record InstallRequest(
    Runtime runtime, boolean server, String kubernetesVersion, Optional<String> airgapDir, Optional<String> scriptUrl) {}
