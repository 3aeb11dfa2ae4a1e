package io.rancherd.install;

import io.rancherd.error.RancherdException;
import io.rancherd.runtime.Runtime;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where an online install gets what it needs: the version behind a channel and the install script.
 */
interface ReleaseSource {

  /** The exact version a {@code kubernetesVersion} channel points at now. */
  String resolveKubernetesVersion(String kubernetesVersion) throws RancherdException;

  /**
   * Downloads the runtime's install script (from {@code url}, or the official one) to {@code
   * target}; returns its sha256 and where it came from, for the log.
   */
  String downloadInstallScript(Optional<String> url, Runtime runtime, Path target)
      throws RancherdException;
}
