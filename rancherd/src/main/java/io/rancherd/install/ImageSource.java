package io.rancherd.install;

import io.rancherd.error.RancherdException;
import io.rancherd.fs.Root;
import io.rancherd.registry.ImagePuller;
import io.rancherd.registry.ImageReference;
import io.rancherd.registry.Registries;
import io.rancherd.registry.Retries;
import io.rancherd.runtime.Runtime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Optional;
import okhttp3.OkHttpClient;

/**
 * Installs from the runtime's installer image ({@code runtimeInstallerImage}): pulls it with the
 * {@code registries} settings (read from the runtime's own {@code registries.yaml}, so one setting
 * serves both) into {@code <dataDir>/installer-image/<runtime>}, then installs from its contents
 * through rancherd's air-gap path. The image holds exactly an air-gap layout (runtimes.md §1.3):
 * {@code installer.sh} (the runtime's install.sh) and the k3s binary, or the RKE2 tarball and its
 * checksums; its {@code run.sh} is not run, since rancherd's own install path gives the same result
 * (binary, unit, proxy env file) and the same variables.
 */
final class ImageSource implements InstallSource {

  private final Root root;
  private final String dataDir;
  private final String arch;
  private final OkHttpClient http;

  ImageSource(Root root, String dataDir, String arch, OkHttpClient http) {
    this.root = root;
    this.dataDir = dataDir;
    this.arch = arch;
    this.http = http;
  }

  @Override
  public Prepared prepare(InstallRequest request, Optional<String> pinned)
      throws RancherdException, InterruptedException {
    Runtime runtime = request.runtime();
    ImageReference image =
        ImageReference.parse(request.image().orElseThrow(), request.defaultRegistry());
    String workDir = dataDir + "/installer-image/" + runtime.id();
    Path target = root.path(workDir);
    Registries registries = Registries.read(root, runtime.registriesFile());
    new ImagePuller(registries, root, http, Retries.standard(), Clock.systemUTC())
        .pull(image, arch, target);
    Path script = target.resolve("install.sh");
    Path installer = target.resolve("installer.sh");
    try {
      if (Files.isRegularFile(installer)) {
        Files.copy(installer, script, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new RancherdException(
          "installing "
              + runtime
              + " from "
              + image
              + ": cannot copy installer.sh to install.sh: "
              + e.getMessage(),
          e);
    }
    AirgapArtifacts artifacts = new AirgapArtifacts(root, runtime, workDir, arch);
    artifacts.check();
    artifacts.stage();
    return new Prepared(
        artifacts.installScript(), runtime.airgapVariables(artifacts.dir().toString()), pinned);
  }
}
