package io.rancherd.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, acceptance 2: a cluster-init node whose only source is a private registry (no internet,
 * no air-gap directory) reaches {@code bootstrapped} with Rancher. The node and the registry share
 * an {@code internal} Docker network, so nothing else is reachable. The registry serves TLS from a
 * test CA (given to rancherd as {@code tls.ca_file}, a file cloud-init's {@code write_files} puts
 * there) and htpasswd basic auth. It holds the stand-in k3s as {@code
 * rancher/system-agent-installer-k3s} and a Rancher chart as {@code
 * rancher/system-agent-installer-rancher}: {@code installSource: image} takes both by their default
 * names, under {@code systemDefaultRegistry}. The HelmChart then carries the chart as {@code
 * chartContent}, so the stand-in's helm-controller needs no chart repository.
 */
class PrivateRegistryE2E {

  private static final String RANCHER_VERSION = "v2.8.5";
  private static final String CA_FILE = "/etc/rancher/rancherd/registry-ca.pem";
  private static final String ADMIN_PASSWORD = "first-admin-password";

  @Test
  void clusterInitNodeInstallsRuntimeAndRancherFromThePrivateRegistryOnly() {
    StandInRuntime k3s = StandInRuntime.K3S;
    try (TestBed bed = TestBed.openIsolated();
        PrivateRegistry registry = PrivateRegistry.start(bed)) {
      assertTrue(bed.isolated(), "the scenario's network is not internal: the node could go out");
      registry.push(InstallerImage.k3s(k3s.version), InstallerImage.k3sName(k3s.version));
      registry.push(
          InstallerImage.rancher(RANCHER_VERSION), InstallerImage.rancherName(RANCHER_VERSION));
      bed.secrets().add(ADMIN_PASSWORD);

      Node node = bed.node("registry-only").withUserData(userData(registry, k3s));
      bed.boot(node);
      node.awaitBootstrapped();
      node.printBootToBootstrapped();

      assertTrue(node.run("rancherd", "status").contains("bootstrapped: yes"), node.diagnostics());
      assertEquals("cluster-init", node.stamp().get("role"), node.diagnostics());
      assertTrue(
          node.active(k3s.serverUnit), k3s.serverUnit + " is not active\n" + node.diagnostics());

      // The runtime is the image's: its launcher carries the image's marker line, which the
      // stand-in's air-gap launcher (mounted on the node) does not.
      assertArrayEquals(
          InstallerImage.k3sLauncher(k3s.version),
          node.read("/usr/local/bin/k3s").getBytes(StandardCharsets.UTF_8),
          "/usr/local/bin/k3s is not the k3s of the installer image\n" + node.diagnostics());
      assertTrue(
          node.exists(Node.DATA_DIR + "/installer-image/k3s/run.sh"),
          "the installer image was not extracted into the data dir\n" + node.diagnostics());
      assertTrue(
          registry.log().contains(InstallerImage.k3sName(k3s.version).split(":")[0]),
          "the registry served no request for the k3s installer image");

      Map<String, Object> chart = rancherHelmChart(node);
      assertTrue(
          chart.containsKey("chartContent"),
          "the Rancher HelmChart has no chartContent: " + chart.keySet());
      assertFalse(
          chart.containsKey("repo"),
          "the Rancher HelmChart still names a chart repository: " + chart.get("repo"));
      assertTrue(
          registry.log().contains(InstallerImage.rancherName(RANCHER_VERSION).split(":")[0]),
          "the registry served no request for the Rancher installer image");

      var plan = node.exec("rancherd", "plan");
      String planOutput = plan.getStdout() + plan.getStderr();
      assertEquals(0, plan.getExitCode(), bed.secrets().redact(planOutput));
      for (String image :
          List.of(
              InstallerImage.k3sName(k3s.version), InstallerImage.rancherName(RANCHER_VERSION))) {
        assertTrue(
            planOutput.contains("installer image " + image),
            "rancherd plan does not say the install comes from "
                + image
                + ":\n"
                + bed.secrets().redact(planOutput));
      }

      assertNoRegistryCredential(node, registry, planOutput);
    }
  }

  /**
   * The user-data: the CA file and rancherd's config by {@code write_files} (config 0600: it holds
   * the registry password), then {@code rancherd bootstrap} from {@code runcmd}.
   */
  private static String userData(PrivateRegistry registry, StandInRuntime runtime) {
    String config =
        """
        role: cluster-init
        kubernetesVersion: %s
        systemDefaultRegistry: %s
        installSource: image
        rancherVersion: %s
        rancherValues:
          bootstrapPassword: "%s"
        registries:
          configs:
            "%s":
              auth:
                username: %s
                password: "%s"
              tls:
                ca_file: %s
        """
            .formatted(
                runtime.version,
                PrivateRegistry.HOST,
                RANCHER_VERSION,
                ADMIN_PASSWORD,
                PrivateRegistry.HOST,
                PrivateRegistry.USER,
                registry.password(),
                CA_FILE);
    return "#cloud-config\nwrite_files:\n"
        + writeFile(CA_FILE, "0644", registry.caPem())
        + writeFile("/etc/rancher/rancherd/config.yaml", "0600", config)
        + "runcmd:\n  - [rancherd, bootstrap]\n";
  }

  private static String writeFile(String path, String permissions, String content) {
    return "  - path: "
        + path
        + "\n    permissions: '"
        + permissions
        + "'\n    content: |\n"
        + content.lines().map(line -> "      " + line).collect(Collectors.joining("\n"))
        + "\n";
  }

  /** The {@code spec} of the HelmChart for {@code rancher} that rancherd wrote on the node. */
  private static Map<String, Object> rancherHelmChart(Node node) {
    String file = "/var/lib/rancher/k3s/server/manifests/rancherd-rancher.yaml";
    assertTrue(node.exists(file), file + " is missing\n" + node.diagnostics());
    for (String document : node.read(file).split("(?m)^---\\s*$")) {
      if (document.isBlank()) {
        continue;
      }
      Map<String, Object> object = Node.yaml(document);
      if ("HelmChart".equals(object.get("kind")) && object.get("spec") instanceof Map<?, ?> spec) {
        @SuppressWarnings("unchecked")
        Map<String, Object> typed = (Map<String, Object>) spec;
        if ("rancher".equals(typed.get("chart")) || typed.containsKey("chartContent")) {
          return typed;
        }
      }
    }
    throw new AssertionError("no HelmChart for rancher in " + file);
  }

  /**
   * Neither the password nor its {@code auth} form is in rancherd's journal, cloud-init's output of
   * the run, the stamps and state rancherd keeps, or {@code rancherd plan} and {@code status}.
   */
  private static void assertNoRegistryCredential(
      Node node, PrivateRegistry registry, String planOutput) {
    List<String> secrets = List.of(registry.password(), registry.basicAuth());
    Map<String, String> outputs =
        Map.of(
            "journalctl -b (every unit, rancherd's included)",
            node.run("journalctl", "-b", "--no-pager", "-o", "cat"),
            "/var/log/cloud-init-output.log",
            node.read("/var/log/cloud-init-output.log"),
            "rancherd plan (stdout and stderr)",
            planOutput,
            "rancherd status",
            node.run("rancherd", "status"),
            "the files under " + Node.DATA_DIR + " (stamps, plan, journal, installer image)",
            node.run(
                "sh", "-c", "find " + Node.DATA_DIR + " -type f -exec cat {} + | tr -d '\\0'"));
    outputs.forEach(
        (where, text) ->
            secrets.forEach(
                secret ->
                    assertFalse(
                        text.contains(secret), "the registry credential appears in " + where)));
    // a check that could fail: the credential is on the node, where it belongs
    assertTrue(
        node.read("/etc/rancher/k3s/registries.yaml").contains(registry.password()),
        "registries.yaml does not carry the registry credential");
    assertEquals(
        "-rw-------",
        node.run("stat", "-c", "%A", "/etc/rancher/k3s/registries.yaml").trim(),
        "registries.yaml holds the password");
  }
}
