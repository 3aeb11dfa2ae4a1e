package io.rancherd.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rancherd.standin.StandInArtifacts;
import io.rancherd.standin.StandInProcesses;
import io.rancherd.testing.Commands;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * A node with only a private registry: a full cluster-init bootstrap on the runtime stand-in where
 * the runtime comes from its installer image and the Rancher chart from Rancher's installer image,
 * both pulled through a mirror of an unreachable upstream (systemDefaultRegistry) to a local
 * registry with basic auth and a private CA; no air-gap directory, nothing from the internet.
 */
class RancherFromImageIT {

  private static final String UPSTREAM = "127.0.0.1:" + TestRegistry.freePort();
  private static final String CHART_VERSION = "v2.9.1";

  @TempDir Path tmp;
  private Path root;

  @BeforeAll
  static void tools() {
    TestRegistry.requireTools();
  }

  @AfterEach
  void stopRuntime() {
    if (root != null) {
      StandInProcesses.stopAll(root);
    }
  }

  /**
   * The stand-in's k3s air-gap layout packaged as system-agent-installer-k3s (runtimes.md §1.3).
   */
  private void pushK3sInstaller(TestRegistry registry) throws Exception {
    Path airgap = StandInArtifacts.k3sAirgap(tmp.resolve("k3s-airgap"));
    TestTar tar = new TestTar();
    tar.file("run.sh", "#!/bin/sh\necho run.sh must not run >&2\nexit 1\n", 0755);
    tar.entry("installer.sh", '0', 0755, Files.readAllBytes(airgap.resolve("install.sh")), "");
    for (String name :
        List.of(
            "k3s",
            "k3s-airgap-images-" + StandInArtifacts.arch() + ".tar",
            "sha256sum-" + StandInArtifacts.arch() + ".txt")) {
      tar.entry(name, '0', 0755, Files.readAllBytes(airgap.resolve(name)), "");
    }
    OciLayout layout = new OciLayout(tmp.resolve("k3s-layout"));
    String tag = StandInArtifacts.K3S_VERSION.replace('+', '-');
    layout.tag(tag, layout.image(StandInArtifacts.arch(), tar.tarGz()));
    registry.push(layout, tag, "rancher/system-agent-installer-k3s");
  }

  /** The stand-in's RKE2 air-gap layout packaged as system-agent-installer-rke2. */
  private void pushRke2Installer(TestRegistry registry) throws Exception {
    Path airgap = StandInArtifacts.rke2Airgap(tmp.resolve("rke2-airgap"));
    TestTar tar = new TestTar();
    tar.file("run.sh", "#!/bin/sh\necho run.sh must not run >&2\nexit 1\n", 0755);
    tar.entry("installer.sh", '0', 0755, Files.readAllBytes(airgap.resolve("install.sh")), "");
    for (String name :
        List.of(
            "rke2.linux-" + StandInArtifacts.arch() + ".tar.gz",
            "rke2-images.linux-" + StandInArtifacts.arch() + ".tar.zst",
            "sha256sum-" + StandInArtifacts.arch() + ".txt")) {
      tar.entry(name, '0', 0644, Files.readAllBytes(airgap.resolve(name)), "");
    }
    OciLayout layout = new OciLayout(tmp.resolve("rke2-layout"));
    String tag = StandInArtifacts.RKE2_VERSION.replace('+', '-');
    layout.tag(tag, layout.image(StandInArtifacts.arch(), tar.tarGz()));
    registry.push(layout, tag, "rancher/system-agent-installer-rke2");
  }

  /** Rancher's installer image: helm, run.sh and the chart (none when {@code chart} is null). */
  private void pushRancherInstaller(TestRegistry registry, String tag, byte[] chart)
      throws Exception {
    TestTar tar = new TestTar();
    tar.file("helm", "#!/bin/sh\necho helm must not run >&2\nexit 1\n", 0755);
    tar.file("run.sh", "#!/bin/sh\necho run.sh must not run >&2\nexit 1\n", 0755);
    if (chart != null) {
      tar.entry("rancher-" + CHART_VERSION.substring(1) + ".tgz", '0', 0644, chart, "");
    }
    OciLayout layout = new OciLayout(tmp.resolve("rancher-layout-" + tag));
    layout.tag(tag, layout.image(StandInArtifacts.arch(), tar.tarGz()));
    registry.push(layout, tag, "rancher/system-agent-installer-rancher");
  }

  /**
   * The registries settings (mirrors, auth, CA), each line prefixed with {@code indent}; the CA is
   * copied under --root, where ca_file (a machine path) is read.
   */
  private String registries(TestRegistry registry, String indent) {
    try {
      Path ca = root.resolve("etc/ssl/registry-ca.pem");
      Files.createDirectories(ca.getParent());
      Files.copy(registry.caFile(), ca, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    String body =
        """
        mirrors:
          "%s":
            endpoint: ["https://%s"]
        configs:
          "%s":
            auth: {username: %s, password: %s}
            tls: {ca_file: /etc/ssl/registry-ca.pem}
        """
            .formatted(
                UPSTREAM,
                registry.host(),
                registry.host(),
                TestRegistry.USER,
                TestRegistry.PASSWORD);
    return body.indent(indent.length());
  }

  private Commands.Output rancherd(String... args) {
    Path launcher =
        Path.of(System.getProperty("rancherd.dist", "target/rancherd"), "bin", "rancherd")
            .toAbsolutePath();
    List<String> command = new ArrayList<>(List.of(launcher.toString(), "--root", root.toString()));
    command.addAll(List.of(args));
    return Commands.run(
        command, null, Map.of("STANDIN_ROOT", root.toString()), Duration.ofMinutes(3));
  }

  private static String describe(Commands.Output r) {
    return "exit "
        + r.exitCode()
        + "\n--- stdout ---\n"
        + r.stdout()
        + "\n--- stderr ---\n"
        + r.stderr();
  }

  @Test
  void clusterInit_installsTheRuntimeAndRancherFromInstallerImagesThroughAMirror()
      throws Exception {
    try (TestRegistry registry =
        TestRegistry.start(Files.createDirectory(tmp.resolve("registry")), false)) {
      byte[] chart = StandInArtifacts.rancherChartTgz(CHART_VERSION);
      pushK3sInstaller(registry);
      pushRancherInstaller(registry, "custom", chart);
      root = Files.createDirectory(tmp.resolve("root"));
      StandInProcesses.awaitPortsFree(Duration.ofSeconds(30));
      Path config = tmp.resolve("config.yaml");
      Files.writeString(
          config,
          """
          role: cluster-init
          token: "image-it-token"
          kubernetesVersion: %s
          systemDefaultRegistry: "%s"
          runtimeInstallerImage: rancher/system-agent-installer-k3s:%s
          rancherInstallerImage: rancher/system-agent-installer-rancher:custom
          """
                  .formatted(
                      StandInArtifacts.K3S_VERSION,
                      UPSTREAM,
                      StandInArtifacts.K3S_VERSION.replace('+', '-'))
              + "registries:\n"
              + registries(registry, "  "));

      Commands.Output plan = rancherd("plan", "--config", config.toString());
      assertEquals(0, plan.exitCode(), () -> describe(plan));
      assertTrue(
          plan.stderr()
              .contains(
                  "Rancher chart from installer image"
                      + " rancher/system-agent-installer-rancher:custom"),
          plan.stderr());
      Commands.Output r =
          rancherd(
              "bootstrap", "--once", "--service-manager", "direct", "--config", config.toString());

      assertEquals(0, r.exitCode(), () -> describe(r));
      assertFalse(r.stderr().contains(TestRegistry.PASSWORD), "no password in the log");
      assertTrue(
          r.stderr().contains("chart rancher version " + CHART_VERSION.substring(1)), r.stderr());
      Commands.Output status = rancherd("status");
      assertTrue(status.stdout().contains("bootstrapped"), () -> describe(status));
      Map<?, ?> helmChart =
          new Yaml()
              .load(
                  Files.readString(
                      root.resolve("var/lib/rancher/k3s/server/manifests/rancherd-rancher.yaml")));
      Map<?, ?> spec = (Map<?, ?>) helmChart.get("spec");
      assertFalse(spec.containsKey("repo"), "no chart repository: " + spec.keySet());
      assertEquals("rancher", spec.get("chart"));
      assertEquals(CHART_VERSION.substring(1), spec.get("version"));
      assertArrayEquals(chart, Base64.getDecoder().decode((String) spec.get("chartContent")));
      Commands.Output info = rancherd("info");
      assertTrue(
          info.stdout()
              .contains("rancher:    " + CHART_VERSION + " (deployment cattle-system/rancher)"),
          () -> describe(info));
      assertTrue(
          Files.isRegularFile(root.resolve("usr/local/bin/k3s")), "k3s installed from the image");
    }
  }

  @Test
  void installSourceImage_pullsTheDefaultNamesUnderSystemDefaultRegistry() throws Exception {
    try (TestRegistry registry =
        TestRegistry.start(Files.createDirectory(tmp.resolve("registry")), false)) {
      byte[] chart = StandInArtifacts.rancherChartTgz(CHART_VERSION);
      pushRke2Installer(registry);
      pushRancherInstaller(registry, CHART_VERSION, chart);
      root = Files.createDirectory(tmp.resolve("root"));
      StandInProcesses.awaitPortsFree(Duration.ofSeconds(30));
      Path config = tmp.resolve("config.yaml");
      Files.writeString(
          config,
          """
          role: cluster-init
          token: "image-it-token"
          installSource: image
          kubernetesVersion: %s
          rancherVersion: %s
          systemDefaultRegistry: "%s"
          """
                  .formatted(StandInArtifacts.RKE2_VERSION, CHART_VERSION, UPSTREAM)
              + "registries:\n"
              + registries(registry, "  "));

      Commands.Output r =
          rancherd(
              "bootstrap", "--once", "--service-manager", "direct", "--config", config.toString());

      assertEquals(0, r.exitCode(), () -> describe(r));
      assertTrue(
          r.stderr()
              .contains(
                  "pulled "
                      + UPSTREAM
                      + "/rancher/system-agent-installer-rke2:"
                      + StandInArtifacts.RKE2_VERSION.replace('+', '-')),
          r.stderr());
      assertTrue(
          r.stderr()
              .contains(
                  "pulled "
                      + UPSTREAM
                      + "/rancher/system-agent-installer-rancher:"
                      + CHART_VERSION),
          r.stderr());
      Map<?, ?> spec =
          (Map<?, ?>)
              ((Map<?, ?>)
                      new Yaml()
                          .load(
                              Files.readString(
                                  root.resolve(
                                      "var/lib/rancher/rke2/server/manifests/rancherd-rancher.yaml"))))
                  .get("spec");
      assertFalse(spec.containsKey("repo"));
      assertArrayEquals(chart, Base64.getDecoder().decode((String) spec.get("chartContent")));
    }
  }

  @Test
  void aRancherImageWithoutAChart_failsInOneLineAndWritesNoHelmChart() throws Exception {
    try (TestRegistry registry =
        TestRegistry.start(Files.createDirectory(tmp.resolve("registry")), false)) {
      pushRancherInstaller(registry, "empty", null);
      root = Files.createDirectory(tmp.resolve("root"));
      Path registriesFile = root.resolve("etc/rancher/k3s/registries.yaml");
      Files.createDirectories(registriesFile.getParent());
      Files.writeString(registriesFile, registries(registry, ""));
      Path values = root.resolve("values.yaml");
      Files.writeString(values, "hostPort: 8443\n", StandardCharsets.UTF_8);

      Commands.Output r =
          rancherd(
              "install-rancher",
              "--image",
              "rancher/system-agent-installer-rancher:empty",
              "--default-registry",
              UPSTREAM,
              "--values",
              "/values.yaml",
              "--to",
              "/var/lib/rancher/k3s/server/manifests/rancherd-rancher.yaml");

      assertEquals(2, r.exitCode(), () -> describe(r));
      List<String> errors =
          r.stderr().lines().filter(l -> !l.matches("^(\\S+Z )?(INFO|WARN|DEBUG) .*")).toList();
      assertEquals(1, errors.size(), () -> describe(r));
      assertTrue(
          errors
              .get(0)
              .contains(
                  "installing Rancher from installer image "
                      + UPSTREAM
                      + "/rancher/system-agent-installer-rancher:empty: the image holds no rancher-*.tgz"
                      + " chart at its root; fix: "),
          errors.get(0));
      assertFalse(r.stderr().contains(TestRegistry.PASSWORD));
      assertFalse(
          Files.exists(root.resolve("var/lib/rancher/k3s/server/manifests/rancherd-rancher.yaml")));
    }
  }
}
