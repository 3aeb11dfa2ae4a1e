package io.rancherd.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rancherd.standin.StandInArtifacts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * Where the Rancher chart comes from offline: {@code rancher-<version>.tgz} in the air-gap
 * directory goes into the HelmChart as chartContent; an air-gapped config without it, or with a
 * channel, is refused at plan in one line.
 */
class RancherChartSourceTest {

  private static final String BASE =
      "rancherd:\n  role: cluster-init\n  kubernetesVersion: v1.30.2+k3s1\n";
  private static final String MANIFEST =
      "/var/lib/rancher/k3s/server/manifests/rancherd-rancher.yaml";

  @TempDir Path root;
  @TempDir Path dir;

  private Launcher.Result plan(String extra) {
    Path config = Launcher.write(dir.resolve("config.yaml"), BASE + extra);
    return InProcess.run(root, "plan", "--config", config.toString());
  }

  private static String errorLine(Launcher.Result r) {
    List<String> lines =
        r.stderrLines().stream().filter(l -> !l.matches("^(INFO|WARN|DEBUG).*")).toList();
    assertEquals(1, lines.size(), r::describe);
    return lines.get(0);
  }

  @Test
  void airgapWithoutTheChart_isRefusedAtPlanWithTheFix() {
    Launcher.Result r = plan("  rancherVersion: v2.8.5\n  airgapArtifactsDir: /opt/airgap\n");

    assertEquals(2, r.exitCode(), r::describe);
    String line = errorLine(r);
    assertTrue(line.contains("config.yaml:5: airgapArtifactsDir: "), line);
    assertTrue(
        line.endsWith("put rancher-2.8.5.tgz in /opt/airgap or set rancherInstallerImage"), line);
  }

  @Test
  void airgapWithAChannel_isRefusedAtPlan() {
    StandInArtifacts.rancherChart(root.resolve("opt/airgap"), "v2.8.5");

    Launcher.Result r = plan("  airgapArtifactsDir: /opt/airgap\n");

    assertEquals(2, r.exitCode(), r::describe);
    String line = errorLine(r);
    assertTrue(line.contains("rancherVersion is \"stable\", a channel"), line);
    assertTrue(line.contains("set an exact version such as v2.8.5"), line);
  }

  @Test
  void airgapWithoutRancher_needsNoChart() {
    Launcher.Result r = plan("  installRancher: false\n  airgapArtifactsDir: /opt/airgap\n");

    assertEquals(0, r.exitCode(), r::describe);
  }

  @Test
  void installSourceImage_needsExactVersions() {
    Launcher.Result runtime =
        InProcess.run(
            root,
            "plan",
            "--config",
            Launcher.write(
                    dir.resolve("c1.yaml"),
                    "role: cluster-init\nkubernetesVersion: v1.30\ninstallSource: image\n")
                .toString());
    assertEquals(2, runtime.exitCode(), runtime::describe);
    assertTrue(errorLine(runtime).contains("c1.yaml:2: kubernetesVersion: "), runtime::describe);

    Launcher.Result rancher = plan("  installSource: image\n");
    assertEquals(2, rancher.exitCode(), rancher::describe);
    assertTrue(
        errorLine(rancher).contains("rancherVersion is \"stable\", a channel"), rancher::describe);
  }

  @Test
  void airgapChart_isShownByPlanAndWrittenAsChartContent() throws Exception {
    Path airgap = StandInArtifacts.rancherChart(root.resolve("opt/airgap"), "v2.8.5");
    Launcher.Result plan = plan("  rancherVersion: v2.8.5\n  airgapArtifactsDir: /opt/airgap\n");
    assertEquals(0, plan.exitCode(), plan::describe);
    assertTrue(
        plan.stderr().contains("Rancher chart from air-gap directory /opt/airgap"), plan::describe);
    Launcher.write(root.resolve("values.yaml"), "hostPort: 8443\n");

    Launcher.Result r =
        InProcess.run(
            root,
            "install-rancher",
            "--version",
            "v2.8.5",
            "--airgap",
            "/opt/airgap",
            "--values",
            "/values.yaml",
            "--to",
            MANIFEST);

    assertEquals(0, r.exitCode(), r::describe);
    Map<?, ?> spec =
        (Map<?, ?>)
            ((Map<?, ?>) new Yaml().load(Files.readString(root.resolve(MANIFEST.substring(1)))))
                .get("spec");
    assertFalse(spec.containsKey("repo"), spec.keySet().toString());
    assertEquals("2.8.5", spec.get("version"));
    assertArrayEquals(
        Files.readAllBytes(airgap.resolve("rancher-2.8.5.tgz")),
        Base64.getDecoder().decode((String) spec.get("chartContent")));
  }

  @Test
  void aTgzThatIsNotARancherChart_failsInOneLine() throws Exception {
    Files.createDirectories(root.resolve("opt/airgap"));
    Files.writeString(root.resolve("opt/airgap/rancher-2.8.5.tgz"), "not a chart");
    Launcher.write(root.resolve("values.yaml"), "hostPort: 8443\n");

    Launcher.Result r =
        InProcess.run(
            root,
            "install-rancher",
            "--version",
            "v2.8.5",
            "--airgap",
            "/opt/airgap",
            "--values",
            "/values.yaml",
            "--to",
            MANIFEST);

    assertEquals(2, r.exitCode(), r::describe);
    String line = errorLine(r);
    assertTrue(
        line.contains(
            "installing Rancher from /opt/airgap/rancher-2.8.5.tgz: it is not a gzip tar archive"),
        line);
    assertTrue(line.contains("; fix: put the Rancher chart rancher-2.8.5.tgz"), line);
    assertFalse(Files.exists(root.resolve(MANIFEST.substring(1))));
  }

  @Test
  void aChartOfAnotherVersion_failsInOneLine() throws Exception {
    StandInArtifacts.rancherChart(root.resolve("opt/airgap"), "v2.9.0");
    Files.move(
        root.resolve("opt/airgap/rancher-2.9.0.tgz"), root.resolve("opt/airgap/rancher-2.8.5.tgz"));
    Launcher.write(root.resolve("values.yaml"), "{}\n");

    Launcher.Result r =
        InProcess.run(
            root,
            "install-rancher",
            "--version",
            "v2.8.5",
            "--airgap",
            "/opt/airgap",
            "--values",
            "/values.yaml",
            "--to",
            MANIFEST);

    assertEquals(2, r.exitCode(), r::describe);
    assertTrue(errorLine(r).contains("the chart is version 2.9.0, not v2.8.5"), r::describe);
  }
}
