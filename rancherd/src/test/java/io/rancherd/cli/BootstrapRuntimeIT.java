package io.rancherd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rancherd.standin.StandInHttp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A full cluster-init bootstrap in a temp --root, offline, through the air-gap path, with the
 * runtime stand-in for k3s and for RKE2 and the direct service manager.
 */
class BootstrapRuntimeIT {

  private static final String PRIVATE = "rw-------";

  @TempDir Path root;
  @TempDir Path configDir;

  private StandInNode node;

  @AfterEach
  void stopRuntime() {
    if (node != null) {
      node.stop();
    }
  }

  @org.junit.jupiter.api.Test
  void statusWaitReturnsOnceTheNodeIsBootstrappedAndTheJsonSaysSo() throws Exception {
    node = StandInNode.clusterInit(root, configDir, "k3s", "");
    Process bootstrap = node.startBootstrap(configDir.resolve("bootstrap-wait.log"));
    try {
      Launcher.Result waited = node.run("status", "--wait", "--timeout", "80s");

      assertEquals(0, waited.exitCode(), waited::describe);
      Launcher.Result json = node.run("status", "--output", "json");
      assertEquals(0, json.exitCode(), json::describe);
      com.fasterxml.jackson.databind.JsonNode doc = Launcher.parseJson(json.stdout());
      assertEquals("bootstrapped", doc.path("state").asText(), json.stdout());
      assertEquals("cluster-init", doc.path("bootstrapped").path("role").asText(), json.stdout());
      assertTrue(doc.path("steps").size() >= 7, json.stdout());
      for (com.fasterxml.jackson.databind.JsonNode step : doc.path("steps")) {
        assertEquals("done", step.path("state").asText(), json.stdout());
      }
      assertFalse(json.stdout().contains(node.token), "no token in the JSON");

      Launcher.Result live = node.run("info");
      assertEquals(0, live.exitCode(), live::describe);
      assertTrue(live.stdout().contains("source:     the live cluster (https://"), live.stdout());
      assertTrue(
          live.stdout().matches("(?s).*nodes:      \\S+ v1\\.\\d+\\.\\d+\\+k3s.*"), live.stdout());
      assertTrue(
          live.stdout().contains("rancher:    v2.8.5 (deployment cattle-system/rancher)"),
          live.stdout());
    } finally {
      bootstrap.destroy();
    }
    node.stop();
    Launcher.Result recorded = node.run("info");
    assertTrue(
        recorded
            .stdout()
            .contains("source:     what rancherd recorded (the cluster does not answer"),
        recorded.stdout());
    assertTrue(
        recorded
            .stdout()
            .contains("rancher:    2.8.5 from " + StandInNode.AIRGAP + "/rancher-2.8.5.tgz"),
        recorded.stdout());
  }

  @org.junit.jupiter.api.Test
  void rke2RunsWithTheProxyRancherdRunsWith() throws Exception {
    node = StandInNode.clusterInit(root, configDir, "rke2", "");
    // a proxy on loopback that nothing serves: only where it ends up matters
    node.env.put("HTTPS_PROXY", "http://proxy-user:proxy-pw@127.0.0.1:3128");
    node.env.put("NO_PROXY", "127.0.0.0/8,localhost");

    Launcher.Result r = node.bootstrap();

    assertEquals(0, r.exitCode(), () -> r.describe(node.token, "proxy-pw"));
    assertFalse(r.stderr().contains("proxy-pw"), "the proxy password is not logged");
    assertTrue(
        r.stderr().contains("rke2 gets the proxy rancherd runs with, in /etc/default/rke2-server"),
        r.stderr());
    Path envFile = node.path("/etc/default/rke2-server");
    assertEquals(PRIVATE, Launcher.mode(envFile));
    long pid = Long.parseLong(Launcher.readString(node.data("services/rke2-server.pid")).trim());
    List<String> environ =
        List.of(
            new String(
                    Files.readAllBytes(Path.of("/proc/" + pid + "/environ")),
                    StandardCharsets.UTF_8)
                .split("\0"));
    assertTrue(
        environ.contains("HTTPS_PROXY=http://proxy-user:proxy-pw@127.0.0.1:3128"),
        "the running rke2 has the proxy in its environment");
    assertTrue(
        environ.contains("no_proxy=127.0.0.0/8,localhost,10.42.0.0/16,10.43.0.0/16"),
        "from its unit's environment file, not only inherited: " + environ);
    assertTrue(
        environ.contains("NO_PROXY=127.0.0.0/8,localhost,10.42.0.0/16,10.43.0.0/16"),
        "and NO_PROXY with the cluster's networks: " + environ);
  }

  @ParameterizedTest
  @ValueSource(strings = {"k3s", "rke2"})
  void clusterInit_installsStartsWaitsInstallsRancherAndRecordsCompletion(String runtime)
      throws Exception {
    node =
        StandInNode.clusterInit(
            root,
            configDir,
            runtime,
            """
        resources:
          - apiVersion: v1
            kind: ConfigMap
            metadata: {name: from-rancherd, namespace: default}
            data: {greeting: hello}
        """);
    String supervisorPort = runtime.equals("k3s") ? "6443" : "9345";
    String unit = runtime.equals("k3s") ? "k3s" : "rke2-server";
    Launcher.write(node.path(StandInNode.AIRGAP + "/rancher-images.tar.zst"), "rancher images\n");

    Launcher.Result r = node.bootstrap();

    assertEquals(
        0,
        r.exitCode(),
        () -> r.describe(node.token) + "\nservice log:\n" + node.serviceLog().orElse("none"));
    assertEquals(
        List.of(
            "files",
            "install-" + runtime,
            "start-" + unit,
            "probes",
            "wait-node",
            "install-rancher",
            "wait-rancher",
            "resources"),
        List.copyOf(node.steps().keySet()));
    assertTrue(
        node.steps().values().stream().allMatch("done"::equals), () -> "steps: " + node.steps());
    assertTrue(Files.isRegularFile(node.data("bootstrapped")), "bootstrapped stamp");
    assertFalse(Files.exists(node.data("working")), "the working stamp is gone once bootstrapped");
    assertTrue(r.stderr().contains("Node bootstrapped: cluster-init " + runtime), r.stderr());

    // Files with the plan's modes, staged artifacts.
    assertEquals(PRIVATE, Launcher.mode(node.data("bootstrapped")));
    assertEquals(
        PRIVATE,
        Launcher.mode(node.path("/etc/rancher/" + runtime + "/config.yaml.d/40-rancherd.yaml")));
    assertEquals(PRIVATE, Launcher.mode(node.data("rancher/values.yaml")));
    assertEquals(PRIVATE, Launcher.mode(node.data("plan/journal.json")));
    String images = "/var/lib/rancher/" + runtime + "/agent/images";
    assertEquals(
        2, Launcher.entriesUnder(node.path(images)).size(), "image archives staged in " + images);
    assertEquals(
        "rancher images\n",
        Launcher.readString(node.path(images + "/rancher-images.tar.zst")),
        "Rancher's image archive is staged with the runtime's");
    if (runtime.equals("k3s")) {
      assertEquals(
          "rwxr-xr-x",
          Launcher.mode(node.path("/usr/local/bin/k3s")),
          "the k3s binary is staged 0755");
    }
    String installEnv =
        Launcher.readString(node.path("/var/lib/standin/install-" + runtime + ".env"));
    assertTrue(
        installEnv.contains(
            runtime.equals("k3s")
                ? "INSTALL_K3S_SKIP_DOWNLOAD=true"
                : "INSTALL_RKE2_ARTIFACT_PATH="),
        installEnv);

    // The HelmChart, parsed back.
    String manifestsDir = "/var/lib/rancher/" + runtime + "/server/manifests/";
    Map<?, ?> chart =
        (Map<?, ?>)
            Launcher.parseYaml(
                Launcher.readString(node.path(manifestsDir + "rancherd-rancher.yaml")));
    assertEquals("helm.cattle.io/v1", chart.get("apiVersion"));
    assertEquals("HelmChart", chart.get("kind"));
    assertEquals(Map.of("name", "rancher", "namespace", "kube-system"), chart.get("metadata"));
    Map<?, ?> spec = (Map<?, ?>) chart.get("spec");
    assertEquals("rancher", spec.get("chart"));
    assertFalse(spec.containsKey("repo"), "the chart comes from the air-gap directory");
    assertEquals(
        java.util.Base64.getEncoder()
            .encodeToString(Launcher.read(node.path(StandInNode.AIRGAP + "/rancher-2.8.5.tgz"))),
        spec.get("chartContent"));
    assertEquals("2.8.5", String.valueOf(spec.get("version")));
    assertEquals("cattle-system", spec.get("targetNamespace"));
    assertEquals(true, spec.get("createNamespace"));
    Map<?, ?> values = (Map<?, ?>) Launcher.parseYaml((String) spec.get("valuesContent"));
    assertEquals(
        "first-admin-password", values.get("bootstrapPassword"), "rancherValues are merged in");
    assertEquals(8443, values.get("hostPort"));
    assertEquals("external", values.get("tls"));
    assertEquals(-3, values.get("replicas"));
    assertEquals(Map.of("enabled", false), values.get("ingress"));
    Map<?, ?> resources =
        (Map<?, ?>)
            Launcher.parseYaml(
                Launcher.readString(node.path(manifestsDir + "rancherd-resources.yaml")));
    assertEquals("ConfigMap", resources.get("kind"));

    // get-token: K10<sha256 of the /cacerts bytes>::server:<token>.
    Launcher.Result tokenRun = node.run("get-token");
    assertEquals(0, tokenRun.exitCode(), () -> tokenRun.describe(node.token));
    String secure = tokenRun.stdout().trim();
    byte[] cacerts =
        get(StandInHttp.insecure(), "https://127.0.0.1:" + supervisorPort + "/cacerts");
    String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cacerts));
    assertEquals(
        "K10" + hash + "::server:" + node.token,
        secure,
        "the secure token pins the CA served at /cacerts");
    Launcher.Result checksum = node.run("get-token", "--ca-checksum");
    assertEquals("sha256:" + hash + "\n", checksum.stdout(), () -> checksum.describe(node.token));

    Launcher.Result join =
        node.run("get-token", "--join-config", "--server", "https://10.0.0.10:" + supervisorPort);
    assertEquals(0, join.exitCode(), () -> join.describe(node.token, secure));
    assertTrue(
        join.stdout().startsWith("#cloud-config\n"), () -> join.describe(node.token, secure));
    assertTrue(
        join.stdout().contains("\nruncmd:\n  - [rancherd, bootstrap]\n"),
        () -> join.describe(node.token, secure));
    Map<?, ?> joinConfig =
        (Map<?, ?>)
            Launcher.parseYaml(
                Launcher.recipeConfig(join.stdout())
                    .orElseThrow(() -> new AssertionError(join.describe(node.token, secure))));
    assertEquals(
        Map.of(
            "role",
            "agent",
            "server",
            "https://10.0.0.10:" + supervisorPort,
            "token",
            secure,
            "kubernetesVersion",
            runtime.equals("k3s") ? "v1.29.4+k3s1" : "v1.29.4+rke2r1"),
        joinConfig);

    // status shows every step done.
    Launcher.Result status = node.run("status");
    assertTrue(status.stdout().contains("bootstrapped: yes"), status::describe);
    assertTrue(
        status.stdout().lines().filter(l -> l.startsWith("  ")).allMatch(l -> l.contains(" done ")),
        status::describe);

    // A present bootstrapped stamp: exit 0 at once, one line saying so.
    Launcher.Result again = node.bootstrap();
    assertEquals(0, again.exitCode(), () -> again.describe(node.token));
    assertEquals(1, again.stderrLines().size(), () -> again.describe(node.token));
    assertTrue(again.stderr().contains("already bootstrapped"), () -> again.describe(node.token));

    // Acceptance 4: the token is in no log line, stamp, state or output file.
    for (Launcher.Result run : List.of(r, again, status)) {
      assertFalse(
          run.stdout().contains(node.token) || run.stderr().contains(node.token),
          "token in the output of a run");
    }
    List<String> leaks = Launcher.filesContaining(root.resolve(StandInNode.DATA), node.token);
    assertEquals(
        List.of(),
        leaks.stream().filter(f -> !f.endsWith("/plan/plan.json")).toList(),
        "files in the data dir holding the token (the plan alone carries it, base64)");
    assertFalse(
        Launcher.readString(node.data("plan/plan.json")).contains(node.token),
        "plain token in plan.json");
  }

  private static byte[] get(okhttp3.OkHttpClient client, String url) throws IOException {
    try (Response response = client.newCall(new Request.Builder().url(url).build()).execute()) {
      assertEquals(200, response.code(), url);
      return response.body().bytes();
    }
  }

  static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
