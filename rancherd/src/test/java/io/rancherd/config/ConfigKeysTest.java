package io.rancherd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ConfigKeysTest {

  private static List<String> groupKeys() {
    return Stream.of(
            ClusterConfig.class,
            TrustConfig.class,
            NodeConfig.class,
            InstallConfig.class,
            RancherConfig.class,
            InstructionsConfig.class,
            ResourcesConfig.class)
        .flatMap(group -> Arrays.stream(group.getRecordComponents()))
        .map(RecordComponent::getName)
        .toList();
  }

  @Test
  void everyKeyOfTheOriginalIsBoundByAGroup() {
    for (String key : ConfigKeys.RANCHERD) {
      assertTrue(
          key.equals("discovery") || groupKeys().contains(key),
          key + " is a component of a config group");
    }
  }

  @Test
  void theTopLevelKeysAreTheOriginalsThenTheAdditionsOfTheGroups() {
    assertEquals(ConfigKeys.RANCHERD, ConfigKeys.TOP.subList(0, ConfigKeys.RANCHERD.size()));
    assertEquals(
        List.of(
            "requireExplicitInit",
            "caChecksum",
            "requireVerifiedCa",
            "installSource",
            "installScriptUrl",
            "airgapArtifactsDir",
            "installRancher",
            "rancherChartRepository"),
        ConfigKeys.ADDITIONS);
  }

  @Test
  void allKeysExample_setsEveryKey() throws Exception {
    String text =
        Files.readString(
            Path.of("..", "cloud-config-examples", "all-keys.yaml"), StandardCharsets.UTF_8);

    for (String key : ConfigKeys.TOP) {
      assertTrue(text.contains("\n      " + key + ":"), "all-keys.yaml sets " + key);
    }
    for (String key : ConfigKeys.DISCOVERY) {
      assertTrue(text.contains("\n        " + key + ":"), "all-keys.yaml sets discovery." + key);
    }
  }

  @Test
  void configReference_documentsEveryKey() throws Exception {
    Path doc = Path.of("..", "docs", "reference", "config.md");
    String reference = Files.readString(doc, StandardCharsets.UTF_8);

    Stream.of(ConfigKeys.TOP, ConfigKeys.DISCOVERY, ConfigKeys.INSTRUCTION)
        .flatMap(List::stream)
        .forEach(
            key ->
                assertTrue(
                    reference.contains("\n| `" + key + "`"), doc + " has a row for `" + key + "`"));
  }
}
