package io.rancherd.install;

import io.rancherd.config.InstallConfig;
import io.rancherd.error.InvalidInputException;
import io.rancherd.fs.Root;
import okhttp3.OkHttpClient;

/** The one place that decides where a runtime's install comes from. */
final class InstallSources {

  private InstallSources() {}

  /**
   * The source the request names; for {@code auto}, the installer image when the request names one,
   * else the air-gap artifacts directory when the request names one (nothing is downloaded then),
   * else the install script downloaded from the runtime's official URL or the configured one.
   */
  static InstallSource choose(
      InstallRequest request,
      Root root,
      String dataDir,
      String arch,
      ReleaseSource releases,
      OkHttpClient http)
      throws InvalidInputException {
    InstallConfig.Source source = request.source();
    if (request.image().isPresent()
        && (source == InstallConfig.Source.AUTO || source == InstallConfig.Source.IMAGE)) {
      return new ImageSource(root, dataDir, arch, http);
    }
    if (source == InstallConfig.Source.IMAGE) {
      throw new InvalidInputException(
          "installing "
              + request.runtime()
              + " from an installer image: none is given; pass --image NAME");
    }
    if (source == InstallConfig.Source.AUTO) {
      source =
          request.airgapDir().isPresent()
              ? InstallConfig.Source.AIRGAP
              : InstallConfig.Source.SCRIPT;
    }
    return switch (source) {
      case AIRGAP ->
          new AirgapSource(
              root,
              request
                  .airgapDir()
                  .orElseThrow(
                      () ->
                          new InvalidInputException(
                              "installing "
                                  + request.runtime()
                                  + " from an air-gap directory: none is given; pass --airgap DIR")),
              arch);
      default -> new OnlineScriptSource(root, dataDir, releases);
    };
  }
}
