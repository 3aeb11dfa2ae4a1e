package io.rancherd.cli;

import io.rancherd.bootstrap.Settings;
import io.rancherd.config.InstallConfig;
import io.rancherd.error.InvalidInputException;
import io.rancherd.error.RancherdException;
import io.rancherd.exec.SystemProcessRunner;
import io.rancherd.install.Arch;
import io.rancherd.install.InstallRequest;
import io.rancherd.install.RuntimeInstaller;
import io.rancherd.runtime.Runtime;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "install-runtime",
    hidden = true,
    header = "Install k3s or RKE2 (the plan's install step)",
    description =
        "Install k3s or RKE2 with its install script or from air-gap artifacts, and"
            + " record the installed version.")
final class InstallRuntimeCommand implements Callable<Integer> {

  @Mixin HelpOption help;

  @ParentCommand RancherdCommand parent;

  @Option(
      names = "--runtime",
      required = true,
      paramLabel = "RUNTIME",
      description = "k3s or rke2.")
  String runtime;

  @Option(names = "--type", required = true, paramLabel = "TYPE", description = "server or agent.")
  String type;

  @Option(
      names = "--kubernetes-version",
      defaultValue = "stable",
      paramLabel = "VERSION",
      description = "An exact version or a channel.")
  String kubernetesVersion;

  @Option(
      names = "--source",
      defaultValue = "auto",
      paramLabel = "SOURCE",
      description =
          "auto (--image when given, else --airgap when given, else the script), script,"
              + " airgap or image (--image; default: ${DEFAULT-VALUE}).")
  InstallConfig.Source source;

  @Option(
      names = "--airgap",
      paramLabel = "DIR",
      description = "Install from this air-gap artifacts directory (under --root).")
  String airgap;

  @Option(
      names = "--script-url",
      paramLabel = "URL",
      description = "The install script to download.")
  String scriptUrl;

  @Option(
      names = "--image",
      paramLabel = "IMAGE",
      description =
          "Install from this installer image (runtimeInstallerImage), pulled with the runtime's"
              + " registries.yaml.")
  String image;

  @Option(
      names = "--default-registry",
      paramLabel = "REGISTRY",
      description = "The registry of image names without one (systemDefaultRegistry).")
  String defaultRegistry;

  @Option(
      names = "--no-proxy",
      paramLabel = "LIST",
      split = ",",
      description =
          "Networks and hosts the runtime reaches without a proxy (its pod and service CIDRs, its"
              + " server), added to NO_PROXY where rancherd writes the runtime's proxy variables.")
  List<String> noProxy = new ArrayList<>();

  @Override
  public Integer call() throws RancherdException, InterruptedException {
    Runtime rt = Runtime.parse(runtime);
    if (!type.equals("server") && !type.equals("agent")) {
      throw new InvalidInputException("--type: expected server or agent, found '" + type + "'");
    }
    Settings settings = parent.global.settings(Optional.empty());
    RuntimeInstaller installer =
        RuntimeInstaller.online(
            settings.root(),
            settings.dataDir(),
            new SystemProcessRunner(),
            parent.environment(),
            Arch.current(),
            Duration.ofMinutes(30));
    Optional<String> version =
        installer.install(
            new InstallRequest(
                rt,
                type.equals("server"),
                kubernetesVersion,
                source,
                Optional.ofNullable(airgap),
                Optional.ofNullable(scriptUrl),
                noProxy,
                Optional.ofNullable(image),
                Optional.ofNullable(defaultRegistry)));
    try {
      settings.state().recordRuntime(rt.id(), version.orElse(kubernetesVersion));
    } catch (IOException e) {
      throw new RancherdException(
          "recording the installed version in " + settings.state().dir() + ": " + e.getMessage(),
          e);
    }
    return ExitCodes.OK;
  }
}
