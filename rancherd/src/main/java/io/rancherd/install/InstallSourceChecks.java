package io.rancherd.install;

import io.rancherd.config.ConfigException;
import io.rancherd.config.InstallConfig;
import io.rancherd.config.LoadedConfig;
import io.rancherd.config.RancherdConfig;
import io.rancherd.error.InvalidInputException;
import io.rancherd.fs.Root;
import io.rancherd.plan.InstallSourceChoice;
import io.rancherd.registry.ImageReference;
import io.rancherd.runtime.InstallerImageNames;
import io.rancherd.runtime.KubernetesVersion;
import java.util.Optional;

/**
 * The checks made when a plan is made that the chosen sources can work, so that an air-gapped node
 * is refused at {@code plan} rather than timing out later: {@code installSource: image} needs exact
 * versions (an image is named by its version; a channel would need the network); Rancher from
 * {@code airgapArtifactsDir} needs an exact {@code rancherVersion} and {@code
 * rancher-<version>.tgz} in that directory.
 */
public final class InstallSourceChecks {

  private InstallSourceChecks() {}

  /**
   * Checks the configuration's sources; {@code installsRancher} is whether the plan has the
   * install-rancher step. Files are looked up under {@code root}.
   */
  public static void check(LoadedConfig loaded, Root root, boolean installsRancher)
      throws ConfigException {
    RancherdConfig config = loaded.config();
    InstallConfig install = config.install();
    if (install.installSource() == InstallConfig.Source.IMAGE
        && install.runtimeInstallerImage().isEmpty()) {
      KubernetesVersion version = KubernetesVersion.parse(install.kubernetesVersion().orElse(null));
      if (!version.exact()) {
        throw new ConfigException(
            loaded.locationOf(
                install.kubernetesVersion().isPresent() ? "kubernetesVersion" : "installSource"),
            "kubernetesVersion",
            "installSource image names the runtime's installer image by an exact version, but "
                + "kubernetesVersion is "
                + "\""
                + version.text()
                + "\""
                + ", a channel that only the network resolves; set an exact version such as "
                + version.runtime().exampleVersion()
                + ", or set runtimeInstallerImage");
      }
    }
    if (!installsRancher) {
      return;
    }
    if (config.rancher().rancherInstallerImage().isPresent()) {
      try {
        ImageReference.parse(
            config.rancher().rancherInstallerImage().get(), install.systemDefaultRegistry());
      } catch (InvalidInputException e) {
        throw new ConfigException(
            loaded.locationOf("rancherInstallerImage"), "rancherInstallerImage", e.getMessage());
      }
      return;
    }
    InstallSourceChoice choice = InstallSourceChoice.rancher(config);
    String version = InstallSourceChoice.rancherVersion(config);
    String versionKey =
        config.rancher().rancherVersion().isPresent()
            ? "rancherVersion"
            : choice.kind() == InstallSourceChoice.Kind.IMAGE
                ? "installSource"
                : "airgapArtifactsDir";
    if (choice.kind() == InstallSourceChoice.Kind.IMAGE
        && !InstallerImageNames.exactVersion(version)) {
      throw new ConfigException(
          loaded.locationOf(versionKey),
          "rancherVersion",
          "installSource image names Rancher's installer image by an exact version, but "
              + "rancherVersion is "
              + "\""
              + version
              + "\""
              + ", a channel that only the network resolves; set an exact version such as v2.8.5,"
              + " or set rancherInstallerImage");
    }
    if (choice.kind() == InstallSourceChoice.Kind.AIRGAP) {
      String dir = choice.value().orElseThrow();
      if (!InstallerImageNames.exactVersion(version)) {
        throw new ConfigException(
            loaded.locationOf(versionKey),
            "rancherVersion",
            "with airgapArtifactsDir the Rancher chart is read from rancher-<version>.tgz in "
                + dir
                + ", so the version must be exact, but rancherVersion is "
                + "\""
                + version
                + "\""
                + ", a channel that only the network resolves; set an exact version such as"
                + " v2.8.5, or set rancherInstallerImage");
      }
      Optional<String> chart = RancherCharts.findInDir(root, dir, version);
      if (chart.isEmpty()) {
        throw new ConfigException(
            loaded.locationOf("airgapArtifactsDir"),
            "airgapArtifactsDir",
            "Rancher "
                + version
                + " is installed, but "
                + dir
                + " holds no "
                + RancherCharts.fileNames(version).get(0)
                + " and the node may not reach a chart repository; put "
                + RancherCharts.fileNames(version).get(0)
                + " in "
                + dir
                + " or set rancherInstallerImage");
      }
    }
  }
}
