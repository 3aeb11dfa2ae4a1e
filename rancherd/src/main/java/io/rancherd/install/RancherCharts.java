package io.rancherd.install;

import io.rancherd.error.InvalidInputException;
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
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Rancher chart taken from the node rather than from a chart repository, so that the HelmChart
 * can carry it as {@code chartContent} and helm-controller needs no network: the single {@code
 * rancher-*.tgz} at the root of Rancher's installer image ({@code rancherInstallerImage},
 * docs/runtimes.md §1.3), or {@code rancher-<version>.tgz} in {@code airgapArtifactsDir}. The
 * image's {@code helm} and {@code run.sh} are not run: the runtime's helm-controller installs the
 * chart from the HelmChart, as it does for every other source, and keeps the release reconciled (an
 * upgrade is a change of the HelmChart), which a one-shot {@code helm upgrade --wait} would not.
 */
public final class RancherCharts {

  private static final Logger LOG = LoggerFactory.getLogger(RancherCharts.class);

  /**
   * A chart read from the node.
   *
   * @param tgz the archive's bytes
   * @param version the version its {@code Chart.yaml} says
   * @param source where it came from, for logs and the node's record
   */
  public record LocalChart(byte[] tgz, String version, String source) {}

  private RancherCharts() {}

  /**
   * The names {@code rancher-<version>.tgz} may have in an air-gap directory: helm's own ({@code
   * helm pull} writes {@code rancher-2.8.5.tgz}), then with the {@code v} as in {@code
   * rancherVersion}.
   */
  public static List<String> fileNames(String rancherVersion) {
    String plain = withoutV(rancherVersion);
    return List.of("rancher-" + plain + ".tgz", "rancher-v" + plain + ".tgz");
  }

  /** The chart file for {@code rancherVersion} in {@code dir} (a machine path), if there is one. */
  public static Optional<String> findInDir(Root root, String dir, String rancherVersion) {
    return fileNames(rancherVersion).stream()
        .map(name -> dir.replaceAll("/+$", "") + "/" + name)
        .filter(file -> Files.isRegularFile(root.path(file)))
        .findFirst();
  }

  /** The chart {@code rancher-<version>.tgz} in the air-gap directory {@code dir}. */
  public static LocalChart fromAirgapDir(Root root, String dir, String rancherVersion)
      throws RancherdException {
    String wanted = fileNames(rancherVersion).get(0);
    String file =
        findInDir(root, dir, rancherVersion)
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "installing Rancher "
                            + rancherVersion
                            + " from airgapArtifactsDir "
                            + dir
                            + ": "
                            + wanted
                            + " is missing"
                            + RancherdException.FIX
                            + "put the Rancher chart "
                            + wanted
                            + " (helm pull rancher --version "
                            + withoutV(rancherVersion)
                            + ") in "
                            + dir
                            + " or set rancherInstallerImage"));
    String action = "installing Rancher from " + file;
    LocalChart chart = read(root.path(file), action, file, "put the Rancher chart " + wanted);
    if (!withoutV(chart.version()).equals(withoutV(rancherVersion))) {
      throw new InvalidInputException(
          action
              + ": the chart is version "
              + chart.version()
              + ", not "
              + rancherVersion
              + RancherdException.FIX
              + "put the chart of rancherVersion there, or set rancherVersion to "
              + chart.version());
    }
    return chart;
  }

  /**
   * The chart at the root of Rancher's installer image {@code image}, pulled for {@code arch} into
   * {@code <dataDir>/installer-image/rancher} with the runtime's {@code registries.yaml}; a name
   * without a registry is pulled from {@code defaultRegistry}.
   */
  public static LocalChart fromImage(
      Root root,
      String dataDir,
      Runtime runtime,
      String image,
      Optional<String> defaultRegistry,
      String arch,
      OkHttpClient http)
      throws RancherdException, InterruptedException {
    ImageReference reference = ImageReference.parse(image, defaultRegistry);
    String action = "installing Rancher from installer image " + reference;
    String workDir = dataDir + "/installer-image/rancher";
    Path target = root.path(workDir);
    List<Path> charts = new ArrayList<>();
    try {
      new ImagePuller(
              Registries.read(root, runtime.registriesFile()),
              root,
              http,
              Retries.standard(),
              Clock.systemUTC())
          .pullReplacing(reference, arch, target);
      try (Stream<Path> files = Files.list(target)) {
        files
            .filter(Files::isRegularFile)
            .filter(f -> f.getFileName().toString().matches("rancher-.*\\.tgz"))
            .sorted()
            .forEach(charts::add);
      }
    } catch (IOException e) {
      throw new RancherdException(action + ": cannot read " + workDir + ": " + e.getMessage(), e);
    }
    String fix =
        "rancherInstallerImage must name an image built like"
            + " rancher/system-agent-installer-rancher, with one rancher-<version>.tgz at its root";
    if (charts.size() != 1) {
      throw new InvalidInputException(
          action
              + ": the image holds "
              + (charts.isEmpty()
                  ? "no rancher-*.tgz chart at its root"
                  : charts.size()
                      + " charts at its root ("
                      + String.join(
                          ", ", charts.stream().map(p -> p.getFileName().toString()).toList())
                      + "), not one")
              + RancherdException.FIX
              + fix);
    }
    Path chart = charts.get(0);
    LocalChart local = read(chart, action, reference + " " + chart.getFileName(), fix);
    return new LocalChart(local.tgz(), local.version(), "installer image " + reference);
  }

  private static LocalChart read(Path file, String action, String source, String fix)
      throws RancherdException {
    byte[] tgz;
    try {
      if (Files.size(file) > ChartArchive.MAX_BYTES) {
        throw new InvalidInputException(
            action
                + ": the chart is larger than "
                + ChartArchive.MAX_BYTES / (1024 * 1024)
                + " MiB, which no Helm chart is"
                + RancherdException.FIX
                + fix);
      }
      tgz = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new RancherdException(action + ": cannot read it: " + e.getMessage(), e);
    }
    ChartArchive.Metadata metadata;
    try {
      metadata = ChartArchive.read(tgz);
    } catch (ChartArchive.NotAChart e) {
      throw new InvalidInputException(action + ": " + e.getMessage() + RancherdException.FIX + fix);
    }
    if (!metadata.name().equals("rancher")) {
      throw new InvalidInputException(
          action
              + ": the chart is \""
              + metadata.name()
              + "\", not rancher"
              + RancherdException.FIX
              + fix);
    }
    LOG.info("{}: chart rancher version {}", action, metadata.version());
    return new LocalChart(tgz, metadata.version(), source);
  }

  private static String withoutV(String version) {
    String v = version.trim();
    return v.startsWith("v") ? v.substring(1) : v;
  }
}
