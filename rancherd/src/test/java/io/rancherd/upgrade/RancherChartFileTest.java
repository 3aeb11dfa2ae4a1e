package io.rancherd.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
  void aChartWithContent_getsTheNewChartAsContent() throws Exception {
    byte[] old = {1, 2, 3};
    byte[] next = {4, 5, 6, 7};
    Path file =
        Files.writeString(
            dir.resolve(RancherChart.FILE_NAME),
            RancherChart.manifestWithContent(old, "2.8.5", Map.of("hostPort", 8443)));
    RancherChartFile chart = RancherChartFile.read(file, "/m/rancherd-rancher.yaml");
    assertTrue(chart.carriesChart());
    assertEquals("2.8.5", chart.version());

    assertEquals(
        RancherChart.manifestWithContent(next, "2.8.6", Map.of("hostPort", 8443)),
        chart.withContent(next, "2.8.6"));
  }

  @Test
  void aChartFromAnImage_cannotBeUpgradedByVersionAlone() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve(RancherChart.FILE_NAME),
            RancherChart.manifestWithContent(new byte[] {1}, "2.8.5", Map.of()));
    io.rancherd.fs.Root root = new io.rancherd.fs.Root(dir);
    String path = "/" + RancherChart.FILE_NAME;
    java.util.List<String> notes = new java.util.ArrayList<>();

    io.rancherd.error.InvalidInputException e =
        assertThrows(
            io.rancherd.error.InvalidInputException.class,
            () -> RancherUpgrade.plan(root, path, "v2.8.6", null, Optional.empty(), notes));
    assertTrue(e.getMessage().contains("from an installer image (chartContent)"), e.getMessage());
    assertTrue(e.getMessage().contains("; fix: "), e.getMessage());

    assertTrue(RancherUpgrade.plan(root, path, "v2.8.5", null, Optional.empty(), notes).isEmpty());
    assertEquals(java.util.List.of("Rancher: " + path + " already installs chart 2.8.5"), notes);
    assertThrows(
        io.rancherd.error.InvalidInputException.class,
        () -> RancherUpgrade.plan(root, path, "stable", null, Optional.empty(), notes),
        "a channel needs the network");
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
