package io.rancherd.rancher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

class ResourcesManifestTest {

  static List<Object> parseAll(String yaml) {
    List<Object> docs = new ArrayList<>();
    new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(yaml).forEach(docs::add);
    return docs;
  }

  static Map<String, Object> configMap(String name, Map<String, Object> data) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", name);
    metadata.put("namespace", "default");
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("apiVersion", "v1");
    object.put("kind", "ConfigMap");
    object.put("metadata", metadata);
    object.put("data", data);
    return object;
  }

  @Test
  void yaml_noResourcesNoFile() {
    assertEquals(Optional.empty(), ResourcesManifest.yaml(List.of()));
  }

  @Test
  void yaml_oneDocumentPerObjectInOrderWithKeysInOrder() {
    Map<String, Object> first = configMap("first", Map.of("a", "1"));
    Map<String, Object> second = configMap("second", Map.of("b", "2"));

    String yaml = ResourcesManifest.yaml(List.of(first, second)).orElseThrow();

    assertEquals(List.of(first, second), parseAll(yaml));
    assertTrue(
        yaml.startsWith(
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: first\n  namespace: default\n"),
        yaml);
    assertEquals(2, yaml.split("(?m)^---$").length, yaml);
  }

  @Test
  void yaml_specialStringsSurvive() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("enabled", "yes");
    data.put("mode", "0644");
    data.put("switch", "on");
    data.put("answer", "n");
    data.put("script", "#!/bin/sh\necho hi\n");

    String yaml = ResourcesManifest.yaml(List.of(configMap("special", data))).orElseThrow();

    assertEquals(List.of(configMap("special", data)), parseAll(yaml));
    assertTrue(yaml.contains("answer: \"n\""), yaml);
  }
}
