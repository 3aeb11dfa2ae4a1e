package io.rancherd.upgrade;

import io.rancherd.error.UnexpectedStateException;
import io.rancherd.rancher.RancherChart;
import io.rancherd.runtime.ManifestYaml;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * rancherd's Rancher {@code HelmChart} manifest as it is on the node ({@code
 * <manifests>/rancherd-rancher.yaml}): its chart version and repository, and the same manifest with
 * another version. The runtime's helm-controller upgrades the release when the HelmChart's {@code
 * spec.version} changes (docs/runtimes.md §6).
 *
 * @param shown the file as a machine path, for messages
 * @param version {@code spec.version}
 * @param repository {@code spec.repo}
 */
record RancherChartFile(String shown, String version, String repository, Map<?, ?> chart) {

  static RancherChartFile read(Path file, String shown) throws UnexpectedStateException {
    Map<?, ?> chart =
        ManifestFiles.find(ManifestFiles.read(file, shown), "HelmChart", RancherChart.CHART)
            .orElseThrow(
                () ->
                    new UnexpectedStateException(
                        shown + " has no HelmChart named " + RancherChart.CHART));
    Object spec = chart.get("spec");
    String version = ManifestFiles.text(spec, "version").orElse("");
    String repository = ManifestFiles.text(spec, "repo").orElse("");
    return new RancherChartFile(shown, version, repository, chart);
  }

  /**
   * Whether the HelmChart carries the chart itself ({@code spec.chartContent}, from an installer
   * image or the air-gap directory): helm-controller then ignores {@code spec.version} and {@code
   * spec.repo}.
   */
  boolean carriesChart() {
    return ManifestFiles.text(chart.get("spec"), "chartContent")
        .filter(t -> !t.isEmpty())
        .isPresent();
  }

  /**
   * The manifest's text carrying another chart: {@code spec.chartContent} the base64 of {@code
   * tgz}, {@code spec.version} its version, no {@code spec.repo}; values kept.
   */
  String withContent(byte[] tgz, String newVersion) {
    Map<Object, Object> copy = new LinkedHashMap<>(chart);
    Map<Object, Object> spec = new LinkedHashMap<>((Map<?, ?>) chart.get("spec"));
    spec.remove("repo");
    spec.put("version", newVersion);
    spec.put("chartContent", java.util.Base64.getEncoder().encodeToString(tgz));
    copy.put("spec", spec);
    return ManifestYaml.dumpAll(List.of(copy));
  }

  /** The manifest's text with {@code spec.version} and {@code spec.repo} set; values kept. */
  String withRelease(String newVersion, String newRepository) {
    Map<Object, Object> copy = new LinkedHashMap<>(chart);
    Map<Object, Object> spec = new LinkedHashMap<>((Map<?, ?>) chart.get("spec"));
    spec.put("version", newVersion);
    spec.put("repo", newRepository);
    copy.put("spec", spec);
    return ManifestYaml.dumpAll(List.of(copy));
  }
}
