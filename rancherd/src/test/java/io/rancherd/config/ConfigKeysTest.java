package io.rancherd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.RecordComponent;
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
            "caChecksum",
            "requireVerifiedCa",
            "installSource",
            "installScriptUrl",
            "airgapArtifactsDir",
            "installRancher",
            "rancherChartRepository"),
        ConfigKeys.ADDITIONS);
  }
}
