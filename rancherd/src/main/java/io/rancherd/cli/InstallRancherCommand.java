package io.rancherd.cli;

import io.rancherd.bootstrap.Settings;
import io.rancherd.channel.RancherVersionResolver;
import io.rancherd.download.DownloadClient;
import io.rancherd.error.RancherdException;
import io.rancherd.error.UnexpectedStateException;
import io.rancherd.fs.AtomicFiles;
import io.rancherd.rancher.RancherChart;
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
        "Resolve the Rancher chart version and write the HelmChart that installs"
            + " Rancher into the runtime's auto-deploy manifests directory.")
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
  public Integer call() throws RancherdException {
    Settings settings = parent.global.settings(Optional.empty());
    io.rancherd.channel.RancherRelease chart =
        new RancherVersionResolver(DownloadClient.client(parent.environment()))
            .resolve(version, Optional.ofNullable(repository));
    LOG.info(
        "Rancher {} is chart version {} from {}", version, chart.version(), chart.repository());
    String manifest =
        RancherChart.manifest(
            chart.repository(), chart.version(), readValues(settings.root().path(values)));
    try {
      AtomicFiles.write(
          settings.root().path(target),
          manifest.getBytes(StandardCharsets.UTF_8),
          AtomicFiles.PRIVATE,
          AtomicFiles.PUBLIC_DIR);
      settings.state().recordRancher(chart.version(), chart.repository());
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
