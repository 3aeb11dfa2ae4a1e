package io.rancherd.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rancherd.error.UnexpectedStateException;
import io.rancherd.rancher.RancherChart;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RancherChartFileTest {

  @TempDir Path dir;

  @Test
  void anotherReleaseKeepsTheValuesAndTheRest() throws Exception {
    String repo = "https://releases.rancher.com/server-charts/stable";
    Path file =
        Files.writeString(
            dir.resolve(RancherChart.FILE_NAME),
            RancherChart.manifest(repo, "2.8.5", Optional.of("registry.example.com"), Map.of()));
    RancherChartFile chart = RancherChartFile.read(file, "/m/rancherd-rancher.yaml");
    assertEquals("2.8.5", chart.version());
    assertEquals(repo, chart.repository());

    String upgraded = chart.withRelease("2.9.1", repo);

    assertEquals(
        RancherChart.manifest(repo, "2.9.1", Optional.of("registry.example.com"), Map.of()),
        upgraded,
        "only the version changes");
  }

  @Test
  void aManifestWithoutTheChartIsAnUnexpectedState() throws Exception {
    Path file = Files.writeString(dir.resolve("x.yaml"), "kind: ConfigMap\nmetadata: {name: x}\n");
    UnexpectedStateException e =
        assertThrows(
            UnexpectedStateException.class, () -> RancherChartFile.read(file, "/m/x.yaml"));
    assertEquals("/m/x.yaml has no HelmChart named rancher", e.getMessage());
  }
}
