package io.rancherd.cli;

import io.rancherd.bootstrap.Settings;
import io.rancherd.channel.RancherVersionResolver;
import io.rancherd.download.DownloadClient;
import io.rancherd.error.RancherdException;
import io.rancherd.error.UnexpectedStateException;
import io.rancherd.fs.AtomicFiles;
import io.rancherd.install.Arch;
import io.rancherd.install.RancherCharts;
import io.rancherd.rancher.RancherChart;
import io.rancherd.runtime.Runtime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "install-rancher",
    hidden = true,
    header = "Write the HelmChart that installs Rancher (a plan step)",
    description =
        "Take the Rancher chart from an installer image (--image) or an air-gap directory"
            + " (--airgap), or resolve its version in a chart repository, and write the"
            + " HelmChart that installs Rancher into the runtime's auto-deploy manifests"
            + " directory.")
final class InstallRancherCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(InstallRancherCommand.class);

  @Mixin HelpOption help;

  @ParentCommand RancherdCommand parent;

  @Option(
      names = "--version",
      defaultValue = "stable",
      paramLabel = "VERSION",
      description = "An exact version (v2.8.5) or a channel (stable, latest, alpha, prime).")
  String version;

  @Option(
      names = "--repository",
      paramLabel = "URL",
      description = "The chart repository (default: the channel's).")
  String repository;

  @Option(
      names = "--image",
      paramLabel = "NAME",
      description =
          "Take the chart from this installer image (rancherInstallerImage), pulled with the"
              + " runtime's registries.yaml; the HelmChart then carries it as chartContent.")
  String image;

  @Option(
      names = "--default-registry",
      paramLabel = "HOST",
      description = "The registry of image names without one (systemDefaultRegistry).")
  String defaultRegistry;

  @Option(
      names = "--runtime",
      defaultValue = "k3s",
      paramLabel = "RUNTIME",
      description = "k3s or rke2: whose registries.yaml --image is pulled with.")
  String runtime;

  @Option(
      names = "--airgap",
      paramLabel = "DIR",
      description =
          "Take the chart rancher-<version>.tgz from this air-gap directory; the HelmChart then"
              + " carries it as chartContent.")
  String airgap;

  @Option(
      names = "--values",
      required = true,
      paramLabel = "FILE",
      description = "The chart values (a machine path under --root).")
  String values;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "FILE",
      description = "The manifest to write (under --root).")
  String target;

  @Override
  public Integer call() throws RancherdException, InterruptedException {
    Settings settings = parent.global.settings(Optional.empty());
    Map<String, Object> chartValues = readValues(settings.root().path(values));
    String manifest;
    String recordedVersion;
    String recordedSource;
    if (image != null || airgap != null) {
      RancherCharts.LocalChart chart =
          image != null
              ? RancherCharts.fromImage(
                  settings.root(),
                  settings.dataDir(),
                  Runtime.parse(runtime),
                  image,
                  Optional.ofNullable(defaultRegistry),
                  Arch.current(),
                  DownloadClient.client(parent.environment()))
              : RancherCharts.fromAirgapDir(settings.root(), airgap, version);
      LOG.info("Rancher chart version {} from {}", chart.version(), chart.source());
      manifest = RancherChart.manifestWithContent(chart.tgz(), chart.version(), chartValues);
      recordedVersion = chart.version();
      recordedSource = chart.source();
    } else {
      io.rancherd.channel.RancherRelease chart =
          new RancherVersionResolver(DownloadClient.client(parent.environment()))
              .resolve(version, Optional.ofNullable(repository));
      LOG.info(
          "Rancher {} is chart version {} from {}", version, chart.version(), chart.repository());
      manifest = RancherChart.manifest(chart.repository(), chart.version(), chartValues);
      recordedVersion = chart.version();
      recordedSource = chart.repository();
    }
    try {
      AtomicFiles.write(
          settings.root().path(target),
          manifest.getBytes(StandardCharsets.UTF_8),
          AtomicFiles.PRIVATE,
          AtomicFiles.PUBLIC_DIR);
      settings.state().recordRancher(recordedVersion, recordedSource);
    } catch (IOException e) {
      throw new RancherdException(
          "writing the Rancher HelmChart to " + target + ": " + e.getMessage(), e);
    }
    LOG.info("Wrote {}; the runtime's helm-controller installs Rancher from it", target);
    return ExitCodes.OK;
  }

  private Map<String, Object> readValues(Path file) throws UnexpectedStateException {
    try {
      Object doc =
          new Yaml(new SafeConstructor(new LoaderOptions()))
              .load(Files.readString(file, StandardCharsets.UTF_8));
      Map<String, Object> map = new LinkedHashMap<>();
      if (doc instanceof Map<?, ?> m) {
        m.forEach((k, v) -> map.put(String.valueOf(k), v));
      }
      return map;
    } catch (IOException | RuntimeException e) {
      throw new UnexpectedStateException(
          "reading the Rancher values " + values + ": " + e.getMessage());
    }
  }
}
