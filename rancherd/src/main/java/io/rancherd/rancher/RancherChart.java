package io.rancherd.rancher;

import io.rancherd.runtime.ManifestYaml;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code HelmChart} manifest that installs Rancher through the runtime's helm-controller
 * (docs/runtimes.md §6): chart {@code rancher} from the given repository and version, released into
 * {@code cattle-system}, with rancherd's values (docs/rancher-and-join.md §2.6): the defaults, then
 * {@code systemDefaultRegistry}, then the user's {@code rancherValues} merged deeply over them
 * (maps merge key by key and the user wins; any other value, lists included, is replaced). Pure: no
 * IO.
 */
public final class RancherChart {

  /**
   * The manifest's file name in the runtime's manifests directory; its base name names the k3s
   * Addon.
   */
  public static final String FILE_NAME = "rancherd-rancher.yaml";

  public static final String CHART = "rancher";
  public static final String NAMESPACE = "kube-system";
  public static final String TARGET_NAMESPACE = "cattle-system";

  private RancherChart() {}

  /**
   * rancherd's default values: no ingress, TLS ends outside, internal listener on host port 8443.
   */
  public static Map<String, Object> defaultValues() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("ingress", new LinkedHashMap<>(Map.of("enabled", false)));
    values.put("features", "multi-cluster-management=false");
    values.put("antiAffinity", "required");
    values.put("replicas", -3);
    values.put("tls", "external");
    values.put("hostPort", 8443);
    return values;
  }

  /**
   * The chart values: defaults, then {@code systemDefaultRegistry}, then {@code rancherValues}
   * merged over them.
   */
  public static Map<String, Object> values(
      Optional<String> systemDefaultRegistry, Map<String, Object> rancherValues) {
    Map<String, Object> values = defaultValues();
    systemDefaultRegistry
        .filter(r -> !r.isEmpty())
        .ifPresent(r -> values.put("systemDefaultRegistry", r));
    return merge(values, rancherValues);
  }

  /** The chart values as YAML text (the plan's {@code rancher/values.yaml}). */
  public static String valuesYaml(
      Optional<String> systemDefaultRegistry, Map<String, Object> rancherValues) {
    return ManifestYaml.dump(values(systemDefaultRegistry, rancherValues));
  }

  /**
   * The HelmChart manifest's YAML text.
   *
   * @param repoUrl the chart repository, such as {@code
   *     https://releases.rancher.com/server-charts/stable}
   * @param chartVersion the chart version, as helm's {@code --version} takes it
   */
  public static String manifest(
      String repoUrl,
      String chartVersion,
      Optional<String> systemDefaultRegistry,
      Map<String, Object> rancherValues) {
    return manifest(repoUrl, chartVersion, values(systemDefaultRegistry, rancherValues));
  }

  /** The HelmChart manifest's YAML text with the final {@code values} (see {@link #values}). */
  public static String manifest(String repoUrl, String chartVersion, Map<String, Object> values) {
    Objects.requireNonNull(repoUrl, "repoUrl");
    Objects.requireNonNull(chartVersion, "chartVersion");
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("chart", CHART);
    spec.put("repo", repoUrl);
    spec.put("version", chartVersion);
    return manifest(spec, values);
  }

  /**
   * The HelmChart manifest's YAML text carrying the chart itself: {@code chartContent} is the
   * base64 of the chart {@code .tgz}, so helm-controller needs no chart repository
   * (docs/runtimes.md §6; it ignores {@code version} then, which is kept to say what the content
   * is).
   *
   * @param chartTgz the chart archive, as {@code helm package} writes it
   * @param chartVersion the version its {@code Chart.yaml} says
   */
  public static String manifestWithContent(
      byte[] chartTgz, String chartVersion, Map<String, Object> values) {
    Objects.requireNonNull(chartTgz, "chartTgz");
    Objects.requireNonNull(chartVersion, "chartVersion");
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("chart", CHART);
    spec.put("version", chartVersion);
    spec.put("chartContent", Base64.getEncoder().encodeToString(chartTgz));
    return manifest(spec, values);
  }

  private static String manifest(Map<String, Object> spec, Map<String, Object> values) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", CHART);
    metadata.put("namespace", NAMESPACE);
    spec.put("targetNamespace", TARGET_NAMESPACE);
    spec.put("createNamespace", true);
    spec.put("valuesContent", ManifestYaml.dump(values));
    Map<String, Object> chart = new LinkedHashMap<>();
    chart.put("apiVersion", "helm.cattle.io/v1");
    chart.put("kind", "HelmChart");
    chart.put("metadata", metadata);
    chart.put("spec", spec);
    return ManifestYaml.dump(chart);
  }

  /** A new map: {@code overlay} merged deeply over {@code base}; neither is changed. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> overlay) {
    Map<String, Object> result = new LinkedHashMap<>(base);
    overlay.forEach(
        (key, value) -> {
          Object old = result.get(key);
          if (old instanceof Map<?, ?> oldMap && value instanceof Map<?, ?> newMap) {
            result.put(key, merge((Map<String, Object>) oldMap, (Map<String, Object>) newMap));
          } else {
            result.put(key, value);
          }
        });
    return result;
  }
}
