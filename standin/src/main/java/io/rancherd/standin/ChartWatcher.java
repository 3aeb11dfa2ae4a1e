package io.rancherd.standin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Plays k3s's deploy controller plus helm-controller for one chart: scans {@code server/manifests}
 * (sub-directories included) every 250 ms for a {@code helm.cattle.io/v1 HelmChart} whose {@code
 * spec.chart} is {@code rancher}. Its deployments exist {@link #CREATE_TIME} after the chart was
 * first seen and are available {@link #INSTALL_TIME} after it. A HelmChart with {@code
 * spec.chartContent} (a base64 chart {@code .tgz}) installs the version that archive's {@code
 * Chart.yaml} says; one whose content is not a chart fails, as helm-controller's job would, and no
 * deployment appears. When the HelmChart's {@code spec.version} changes, helm-controller upgrades
 * the release (docs/runtimes.md §6): the deployments keep running the old version until {@link
 * #INSTALL_TIME} after the change. Every other document of a changed manifest goes to the {@link
 * PlanWatcher}.
 */
final class ChartWatcher implements AutoCloseable {

  static final Duration CREATE_TIME = Duration.ofMillis(500);
  static final Duration INSTALL_TIME = Duration.ofSeconds(1);
  private static final String CHART = "rancher";

  /**
   * What the HelmChart asked for.
   *
   * @param values its {@code spec.valuesContent} (the chart values), empty when unset or not a map
   * @param previousVersion the version it replaced (an upgrade), or null for a first install
   */
  record Chart(
      Path file,
      String version,
      String targetNamespace,
      Instant seen,
      Map<?, ?> values,
      String previousVersion) {}

  private final Path manifests;
  private final PlanWatcher plans;
  private final ScheduledExecutorService scanner =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "standin-manifests");
            thread.setDaemon(true);
            return thread;
          });
  private final Map<Path, String> scanned = new HashMap<>();
  private volatile Chart chart;
  private String failed = "";

  ChartWatcher(Path manifests, PlanWatcher plans) {
    this.manifests = manifests;
    this.plans = plans;
  }

  void start() {
    scanner.scheduleWithFixedDelay(this::scanQuietly, 0, 250, TimeUnit.MILLISECONDS);
  }

  /** The rancher chart, once a manifest has asked for it. */
  Optional<Chart> chart() {
    return Optional.ofNullable(chart);
  }

  /** Whether the chart's deployments exist (not necessarily available). */
  boolean deployed() {
    Chart current = chart;
    return current != null && (current.previousVersion() != null || elapsedSinceSeen(CREATE_TIME));
  }

  /** The chart version the deployments run: the previous one until an upgrade is installed. */
  Optional<String> runningVersion() {
    Chart current = chart;
    if (current == null) {
      return Optional.empty();
    }
    return Optional.of(
        installed() || current.previousVersion() == null
            ? current.version()
            : current.previousVersion());
  }

  boolean installed() {
    return elapsedSinceSeen(INSTALL_TIME);
  }

  private boolean elapsedSinceSeen(Duration delay) {
    Chart current = chart;
    return current != null && !Instant.now().isBefore(current.seen().plus(delay));
  }

  @Override
  public void close() {
    scanner.shutdownNow();
  }

  private void scanQuietly() {
    try {
      scan();
    } catch (RuntimeException | IOException e) {
      Log.warn("scanning " + manifests + ": " + e);
    }
  }

  private void scan() throws IOException {
    if (!Files.isDirectory(manifests)) {
      return;
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(manifests)) {
      files = walk.filter(Files::isRegularFile).filter(ChartWatcher::isManifest).sorted().toList();
    }
    for (Path file : files) {
      String stamp = Files.getLastModifiedTime(file) + "/" + Files.size(file);
      if (stamp.equals(scanned.put(file, stamp))) {
        continue;
      }
      Log.info("applying manifest " + file);
      for (Object document : parse(file)) {
        if (isRancherChart(document)) {
          chartSeen(file, (Map<?, ?>) ((Map<?, ?>) document).get("spec"));
        } else if (document instanceof Map<?, ?> map) {
          plans.apply(map, Instant.now());
        }
      }
    }
  }

  private void chartSeen(Path file, Map<?, ?> spec) {
    Chart current = chart;
    String version = text(spec.get("version"), "latest");
    if (spec.get("chartContent") != null) {
      // chartContent overrides chart and version: the release is the archive's own chart
      try {
        ChartArchive.Metadata metadata =
            ChartArchive.fromContent(text(spec.get("chartContent"), ""));
        version = metadata.version();
      } catch (IOException e) {
        if (!failed.equals(file + "/" + spec.get("chartContent").hashCode())) {
          failed = file + "/" + spec.get("chartContent").hashCode();
          Log.warn(
              "helm-controller: the install job of chart rancher (from "
                  + file.getFileName()
                  + ") failed: "
                  + e.getMessage());
        }
        return;
      }
    }
    if (current != null && current.version().equals(version)) {
      return;
    }
    chart =
        new Chart(
            file,
            version,
            text(spec.get("targetNamespace"), "default"),
            Instant.now(),
            values(spec.get("valuesContent")),
            current == null ? null : current.version());
    Log.info(
        "helm-controller: "
            + (current == null ? "installing" : "upgrading from " + current.version() + " to")
            + " chart rancher version "
            + version
            + " into namespace "
            + chart.targetNamespace()
            + " (from "
            + file.getFileName()
            + ")");
  }

  private static Iterable<Object> parse(Path file) throws IOException {
    String text = Files.readString(file);
    try {
      return List.copyOf(collect(new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(text)));
    } catch (RuntimeException e) {
      Log.warn("failed to parse manifest " + file + ": " + e.getMessage());
      return List.of();
    }
  }

  private static List<Object> collect(Iterable<Object> documents) {
    List<Object> list = new java.util.ArrayList<>();
    for (Object document : documents) {
      if (document != null) {
        list.add(document);
      }
    }
    return list;
  }

  /** The chart values of a {@code valuesContent} text. */
  private static Map<?, ?> values(Object valuesContent) {
    if (!(valuesContent instanceof String text)) {
      return Map.of();
    }
    try {
      return new Yaml(new SafeConstructor(new LoaderOptions())).load(text) instanceof Map<?, ?> map
          ? map
          : Map.of();
    } catch (RuntimeException e) {
      // not the message: it may quote the values, bootstrapPassword included
      Log.warn("helm-controller: valuesContent of the rancher chart is not YAML");
      return Map.of();
    }
  }

  private static boolean isRancherChart(Object document) {
    return document instanceof Map<?, ?> map
        && "helm.cattle.io/v1".equals(map.get("apiVersion"))
        && "HelmChart".equals(map.get("kind"))
        && map.get("spec") instanceof Map<?, ?> spec
        && CHART.equals(spec.get("chart"));
  }

  private static boolean isManifest(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".yaml") || name.endsWith(".yml");
  }

  private static String text(Object value, String fallback) {
    return value == null ? fallback : String.valueOf(value);
  }
}
