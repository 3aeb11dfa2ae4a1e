package io.rancherd.plan;

import io.rancherd.config.InstallConfig;
import io.rancherd.config.RancherdConfig;
import io.rancherd.runtime.InstallerImageNames;
import io.rancherd.runtime.KubernetesVersion;
import java.util.Optional;

/**
 * Where an install comes from, as the configuration chooses it; the plan's steps are built from it
 * and {@code plan} shows it.
 *
 * @param kind an installer image, an air-gap directory, or online (install script, chart
 *     repository)
 * @param value the image name (unresolved: a name without a registry is pulled from {@code
 *     systemDefaultRegistry}), the directory, or the script URL / chart repository when configured
 */
public record InstallSourceChoice(Kind kind, Optional<String> value) {

  /** The kinds of source. */
  public enum Kind {
    IMAGE,
    AIRGAP,
    ONLINE
  }

  /**
   * The runtime's source: {@code runtimeInstallerImage} (with installSource auto or image); the
   * default installer image with installSource image; {@code airgapArtifactsDir} (auto or airgap);
   * else the install script.
   */
  public static InstallSourceChoice runtime(InstallConfig install) {
    InstallConfig.Source source = install.installSource();
    boolean imageAllowed =
        source == InstallConfig.Source.AUTO || source == InstallConfig.Source.IMAGE;
    if (imageAllowed && install.runtimeInstallerImage().isPresent()) {
      return image(install.runtimeInstallerImage().get());
    }
    if (source == InstallConfig.Source.IMAGE) {
      KubernetesVersion version = KubernetesVersion.parse(install.kubernetesVersion().orElse(null));
      return image(InstallerImageNames.runtime(version.runtime(), version.text()));
    }
    if (source != InstallConfig.Source.SCRIPT && install.airgapArtifactsDir().isPresent()) {
      return new InstallSourceChoice(Kind.AIRGAP, install.airgapArtifactsDir());
    }
    return new InstallSourceChoice(Kind.ONLINE, install.installScriptUrl());
  }

  /**
   * The Rancher chart's source: {@code rancherInstallerImage}; with installSource image the default
   * installer image of {@code rancherVersion}; {@code airgapArtifactsDir} (unless installSource is
   * script), which must hold {@code rancher-<version>.tgz}; else the chart repository.
   */
  public static InstallSourceChoice rancher(RancherdConfig config) {
    InstallConfig install = config.install();
    if (config.rancher().rancherInstallerImage().isPresent()) {
      return image(config.rancher().rancherInstallerImage().get());
    }
    if (install.installSource() == InstallConfig.Source.IMAGE) {
      return image(InstallerImageNames.rancher(rancherVersion(config)));
    }
    if (install.installSource() != InstallConfig.Source.SCRIPT
        && install.airgapArtifactsDir().isPresent()) {
      return new InstallSourceChoice(Kind.AIRGAP, install.airgapArtifactsDir());
    }
    return new InstallSourceChoice(Kind.ONLINE, config.rancher().rancherChartRepository());
  }

  /** {@code rancherVersion}, or the default channel. */
  public static String rancherVersion(RancherdConfig config) {
    return config.rancher().rancherVersion().orElse("stable");
  }

  /** The line {@code plan} shows, such as {@code installer image rancher/...:v2.8.5}. */
  public String describe(String what) {
    return switch (kind) {
      case IMAGE -> "installer image " + value.orElseThrow();
      case AIRGAP -> "air-gap directory " + value.orElseThrow();
      case ONLINE ->
          what.equals("runtime")
              ? "install script " + value.orElse("(the runtime's official URL)")
              : "chart repository " + value.orElse("(the rancherVersion channel's)");
    };
  }

  private static InstallSourceChoice image(String name) {
    return new InstallSourceChoice(Kind.IMAGE, Optional.of(name));
  }
}
