package io.rancherd.install;

import io.rancherd.error.RancherdException;
import io.rancherd.fs.Root;
import java.util.Optional;

/**
 * Installs from a local air-gap artifacts directory: checks it, stages it, runs its {@code
 * install.sh}.
 */
final class AirgapSource implements InstallSource {

  private final Root root;
  private final String dir;
  private final String arch;

  /**
   * @param dir the artifacts directory as configured (a machine path under the root)
   */
  AirgapSource(Root root, String dir, String arch) {
    this.root = root;
    this.dir = dir;
    this.arch = arch;
  }

  @Override
  public Prepared prepare(InstallRequest request, Optional<String> pinned)
      throws RancherdException {
    AirgapArtifacts artifacts = new AirgapArtifacts(root, request.runtime(), dir, arch);
    artifacts.check();
    artifacts.stage();
    return new Prepared(
        artifacts.installScript(),
        request.runtime().airgapVariables(artifacts.dir().toString()),
        pinned);
  }
}
