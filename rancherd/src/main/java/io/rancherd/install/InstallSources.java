package io.rancherd.install;

import io.rancherd.fs.Root;

/** The one place that decides where a runtime's install comes from. */
final class InstallSources {

  private InstallSources() {}

  /**
   * An air-gap artifacts directory when the request names one (nothing is downloaded then), else the
   * install script downloaded from the runtime's official URL or the configured one.
   */
  static InstallSource choose(InstallRequest request, Root root, String dataDir, String arch, ReleaseSource releases) {
    if (request.airgapDir().isPresent()) {
      return new AirgapSource(root, request.airgapDir().get(), arch);
    }
    return new OnlineScriptSource(root, dataDir, releases);
  }
}
