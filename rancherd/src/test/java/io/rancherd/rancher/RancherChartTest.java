package io.rancherd.rancher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

class RancherChartTest {

  static final String STABLE = "https://releases.rancher.com/server-charts/stable";

  @SuppressWarnings("unchecked")
  static Map<String, Object> parse(String yaml) {
    return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  static Map<String, Object> spec(String manifest) {
    return map(parse(manifest).get("spec"));
  }

  static Map<String, Object> valuesOf(String manifest) {
    return parse((String) spec(manifest).get("valuesContent"));
  }

  @Test
  void manifest_isAHelmChartForRancherInCattleSystem() {
    Map<String, Object> chart =
        parse(RancherChart.manifest(STABLE, "v2.8.3", Optional.empty(), Map.of()));

    assertEquals("helm.cattle.io/v1", chart.get("apiVersion"));
    assertEquals("HelmChart", chart.get("kind"));
    assertEquals(Map.of("name", "rancher", "namespace", "kube-system"), chart.get("metadata"));
    Map<String, Object> spec = map(chart.get("spec"));
    assertEquals("rancher", spec.get("chart"));
    assertEquals(STABLE, spec.get("repo"));
    assertEquals("v2.8.3", spec.get("version"));
    assertEquals("cattle-system", spec.get("targetNamespace"));
    assertEquals(true, spec.get("createNamespace"));
    assertEquals(
        List.of("chart", "repo", "version", "targetNamespace", "createNamespace", "valuesContent"),
        List.copyOf(spec.keySet()));
  }

  @Test
  void manifest_valuesContentHoldsRancherdDefaults() {
    String manifest = RancherChart.manifest(STABLE, "v2.8.3", Optional.empty(), Map.of());

    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("ingress", Map.of("enabled", false));
    expected.put("features", "multi-cluster-management=false");
    expected.put("antiAffinity", "required");
    expected.put("replicas", -3);
    expected.put("tls", "external");
    expected.put("hostPort", 8443);
    assertEquals(expected, valuesOf(manifest));
    assertTrue(
        manifest.contains("  valuesContent: |\n    ingress:\n      enabled: false\n"),
        "a literal block:\n" + manifest);
  }

  @Test
  void values_systemDefaultRegistryThenUserValuesMergedDeeply() {
    Map<String, Object> user = new LinkedHashMap<>();
    user.put("ingress", Map.of("tls", Map.of("source", "secret")));
    user.put("replicas", 1);
    user.put("systemDefaultRegistry", "mirror.example.com");
    user.put("extraEnv", List.of(Map.of("name", "A", "value", "1")));
    user.put("bootstrapPassword", "admin");

    Map<String, Object> values =
        valuesOf(
            RancherChart.manifest(
                STABLE, "v2.8.3", Optional.of("registry.example.com:5000"), user));

    assertEquals(
        Map.of("enabled", false, "tls", Map.of("source", "secret")),
        values.get("ingress"),
        "maps merge key by key");
    assertEquals(1, values.get("replicas"), "the user wins");
    assertEquals(
        "mirror.example.com",
        values.get("systemDefaultRegistry"),
        "rancherValues win over systemDefaultRegistry");
    assertEquals(List.of(Map.of("name", "A", "value", "1")), values.get("extraEnv"));
    assertEquals(8443, values.get("hostPort"), "untouched defaults stay");
    assertEquals(
        List.of(
            "ingress",
            "features",
            "antiAffinity",
            "replicas",
            "tls",
            "hostPort",
            "systemDefaultRegistry",
            "extraEnv",
            "bootstrapPassword"),
        List.copyOf(values.keySet()),
        "defaults first, then new keys in the user's order");
  }

  @Test
  void values_systemDefaultRegistryFromConfig() {
    Map<String, Object> values =
        RancherChart.values(Optional.of("registry.example.com:5000"), Map.of());

    assertEquals("registry.example.com:5000", values.get("systemDefaultRegistry"));
    assertFalse(
        RancherChart.values(Optional.empty(), Map.of()).containsKey("systemDefaultRegistry"));
  }

  @Test
  void values_listsAreReplacedNotConcatenated() {
    Map<String, Object> base =
        Map.of("tolerations", List.of("a", "b"), "nested", Map.of("list", List.of(1, 2)));
    Map<String, Object> overlay =
        Map.of("tolerations", List.of("c"), "nested", Map.of("list", List.of(3)));

    Map<String, Object> merged = RancherChart.merge(base, overlay);

    assertEquals(List.of("c"), merged.get("tolerations"));
    assertEquals(Map.of("list", List.of(3)), merged.get("nested"));
    assertEquals(List.of("a", "b"), base.get("tolerations"), "inputs unchanged");
  }

  @Test
  void values_scalarReplacesMapAndMapReplacesScalar() {
    Map<String, Object> values =
        RancherChart.values(Optional.empty(), Map.of("ingress", false, "tls", Map.of("x", 1)));

    assertEquals(false, values.get("ingress"));
    assertEquals(Map.of("x", 1), values.get("tls"));
  }

  @Test
  void manifest_yamlSpecialStringsStayStrings() {
    Map<String, Object> user = new LinkedHashMap<>();
    user.put("yes", "yes");
    user.put("mode", "0644");
    user.put("on", "on");
    user.put(
        "short", List.of("y", "n", "N", "~", "null", "1e3", "true", "12:30", "", "#x", "a: b"));
    user.put("hostname", "rancher.example.com");

    String manifest = RancherChart.manifest(STABLE, "2.8.3", Optional.empty(), user);
    Map<String, Object> values = valuesOf(manifest);

    assertEquals("yes", values.get("yes"));
    assertEquals("0644", values.get("mode"));
    assertEquals("on", values.get("on"));
    assertEquals(
        List.of("y", "n", "N", "~", "null", "1e3", "true", "12:30", "", "#x", "a: b"),
        values.get("short"));
    assertEquals(
        "2.8.3",
        spec(manifest).get("version"),
        "a version that looks like a number stays a string");
    String valuesContent = (String) spec(manifest).get("valuesContent");
    assertTrue(
        valuesContent.contains("- \"y\"\n- \"n\"\n"),
        "Go's YAML 1.1 reads a plain y or n as a boolean:\n" + valuesContent);
  }

  @Test
  void manifest_sameMapTwiceHasNoAnchors() {
    Map<String, Object> shared = Map.of("cpu", "1");
    Map<String, Object> user = Map.of("resources", Map.of("limits", shared, "requests", shared));

    String manifest = RancherChart.manifest(STABLE, "v2.8.3", Optional.empty(), user);

    assertFalse(((String) spec(manifest).get("valuesContent")).contains("&id"), manifest);
  }

  @Test
  void fileName_isAnRfc1123AddonName() {
    assertTrue(
        RancherChart.FILE_NAME
            .replaceFirst("\\.yaml$", "")
            .matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?"));
    assertTrue(
        ResourcesManifest.FILE_NAME
            .replaceFirst("\\.yaml$", "")
            .matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?"));
  }
}
