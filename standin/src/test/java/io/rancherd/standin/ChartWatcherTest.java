package io.rancherd.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** helm-controller's handling of {@code chartContent} as the stand-in plays it. */
class ChartWatcherTest {

  @TempDir Path manifests;

  private static String helmChart(String version, String chartContent) {
    return "apiVersion: helm.cattle.io/v1\nkind: HelmChart\nmetadata: {name: rancher, namespace:"
        + " kube-system}\nspec:\n  chart: rancher\n  version: \""
        + version
        + "\"\n  targetNamespace: cattle-system\n  chartContent: "
        + chartContent
        + "\n";
  }

  private static void await(java.util.function.BooleanSupplier condition) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    while (!condition.getAsBoolean() && Instant.now().isBefore(deadline)) {
      Thread.sleep(50);
    }
  }

  @Test
  void chartContent_installsTheVersionOfTheArchivesChartYaml() throws Exception {
    String content = Base64.getEncoder().encodeToString(StandInArtifacts.rancherChartTgz("v2.9.3"));
    Files.writeString(manifests.resolve("rancher.yaml"), helmChart("0.0.1", content));
    try (ChartWatcher watcher = new ChartWatcher(manifests, new PlanWatcher())) {
      watcher.start();
      await(() -> watcher.deployed());

      assertTrue(watcher.deployed());
      assertEquals("2.9.3", watcher.chart().orElseThrow().version(), "chartContent wins");
    }
  }

  @Test
  void chartContentThatIsNotAChart_failsAndNoDeploymentAppears() throws Exception {
    String content =
        Base64.getEncoder().encodeToString("not a chart".getBytes(StandardCharsets.UTF_8));
    Files.writeString(manifests.resolve("rancher.yaml"), helmChart("2.8.5", content));
    try (ChartWatcher watcher = new ChartWatcher(manifests, new PlanWatcher())) {
      watcher.start();
      Thread.sleep(1500);

      assertFalse(watcher.deployed());
      assertTrue(watcher.chart().isEmpty());
    }
  }
}
