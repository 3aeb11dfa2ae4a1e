package io.rancherd.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stand-in itself, as real processes on loopback: install scripts from the air-gap artifacts,
 * then the server as its unit would run it. Stand-ins use fixed ports, so these tests never run two
 * at once and wait for the ports to be free first.
 */
class StandInIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final Pattern SERVER_TOKEN = Pattern.compile("K10([0-9a-f]{64})::server:(.+)\n");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PASSWORD = "short-secret-123";

  @TempDir Path tmp;
  Path root;
  Process server;

  @BeforeEach
  void setUp() {
    root = tmp.resolve("root");
    StandInProcesses.awaitPortsFree(TIMEOUT);
  }

  @AfterEach
  void tearDown() {
    StandInProcesses.stop(server);
    StandInProcesses.stopAll(root);
  }

  @Test
  void k3s_server_installed_from_the_airgap_artifacts_serves_the_documented_interface()
      throws Exception {
    Path artifacts = StandInArtifacts.k3sAirgap(tmp.resolve("artifacts"));
    installK3sBinaryAndImages(artifacts);
    writeFile(
        root.resolve("etc/rancher/k3s/config.yaml.d/40-rancherd.yaml"),
        "token: "
            + PASSWORD
            + "\nnode-name: node-1\ntls-san:\n- 10.0.0.5\nnode-label:\n- rancherd=yes\n");

    Result install =
        run(
            artifacts.resolve("install.sh"),
            Map.of(
                "INSTALL_K3S_SKIP_DOWNLOAD",
                "true",
                "INSTALL_K3S_SKIP_START",
                "true",
                "INSTALL_K3S_EXEC",
                "server",
                "CONTAINERD_LOG_LEVEL",
                "debug"));
    assertEquals(0, install.code(), install.output());
    assertTrue(
        install.output().contains("[INFO]  systemd: Creating service file"), install.output());

    Path unit = root.resolve("etc/systemd/system/k3s.service");
    String unitText = Files.readString(unit);
    assertTrue(unitText.contains("Type=notify"), unitText);
    assertTrue(
        unitText.contains("EnvironmentFile=-" + root.resolve("etc/systemd/system/k3s.service.env")),
        unitText);
    assertTrue(unitText.contains("WantedBy=multi-user.target"), unitText);
    Path envFile = root.resolve("etc/systemd/system/k3s.service.env");
    assertEquals("rw-------", mode(envFile));
    assertTrue(Files.readString(envFile).contains("CONTAINERD_LOG_LEVEL='debug'"));
    assertTrue(
        Files.isSymbolicLink(
            root.resolve("etc/systemd/system/multi-user.target.wants/k3s.service")));
    Path record = root.resolve("var/lib/standin/install-k3s.env");
    assertEquals("rw-------", mode(record));
    assertTrue(Files.readAllLines(record).contains("INSTALL_K3S_EXEC=server"));
    List<String> command = SystemdUnit.read(unit).execStart();
    assertEquals(List.of(root.resolve("usr/local/bin/k3s").toString(), "server"), command);

    Instant started = Instant.now();
    server = StandInProcesses.start(root, command, Map.of(), tmp.resolve("k3s-server.log"));
    Path tokenFile = root.resolve("var/lib/rancher/k3s/server/token");
    await("token file", () -> Files.exists(tokenFile));
    Duration toToken = Duration.between(started, Instant.now());

    Matcher token = SERVER_TOKEN.matcher(Files.readString(tokenFile));
    assertTrue(token.matches(), "token file has the secure server format");
    assertEquals(PASSWORD, token.group(2));
    assertEquals("rw-------", mode(tokenFile));
    assertEquals(Path.of("token"), Files.readSymbolicLink(tokenFile.resolveSibling("node-token")));
    assertEquals(Path.of("token"), Files.readSymbolicLink(tokenFile.resolveSibling("agent-token")));

    OkHttpClient insecure = StandInHttp.insecure();
    await("supervisor /ping", () -> "pong".equals(body(insecure, "https://127.0.0.1:6443/ping")));
    Duration toListening = Duration.between(started, Instant.now());
    byte[] cacerts = bytes(insecure, "https://127.0.0.1:6443/cacerts");
    assertEquals(token.group(1), Token.sha256Hex(cacerts), "token hash = sha256 of /cacerts");
    assertEquals(
        Files.readString(root.resolve("var/lib/rancher/k3s/server/tls/server-ca.crt")),
        new String(cacerts, StandardCharsets.US_ASCII));
    for (String key : List.of("server-ca", "client-ca", "client-admin", "client-kube-apiserver")) {
      assertEquals(
          "rw-------", mode(root.resolve("var/lib/rancher/k3s/server/tls/" + key + ".key")), key);
    }

    try (Response anonymous = get(insecure, "https://127.0.0.1:6443/readyz")) {
      assertEquals(401, anonymous.code());
      JsonNode status = JSON.readTree(anonymous.body().string());
      assertEquals("Status", status.path("kind").asText());
      assertEquals(401, status.path("code").asInt());
    }

    Path kubeconfig = root.resolve("etc/rancher/k3s/k3s.yaml");
    assertEquals("rw-------", mode(kubeconfig));
    assertTrue(Files.readString(kubeconfig).contains("server: https://127.0.0.1:6443"));
    OkHttpClient admin = StandInHttp.forKubeconfig(kubeconfig);
    await(
        "/readyz with the admin certificate",
        () -> "ok".equals(body(admin, "https://127.0.0.1:6443/readyz")));
    Duration toReady = Duration.between(started, Instant.now());
    await("node node-1 Ready", () -> nodeReady(admin, "node-1"));
    Duration toNodeReady = Duration.between(started, Instant.now());
    JsonNode node = JSON.readTree(body(admin, "https://127.0.0.1:6443/api/v1/nodes/node-1"));
    assertEquals("yes", node.path("metadata").path("labels").path("rancherd").asText());
    assertEquals(404, code(admin, "https://127.0.0.1:6443/api/v1/nodes/someone-else"));

    assertEquals("ok", body(StandInHttp.insecure(), "http://127.0.0.1:10248/healthz"));
    assertEquals("ok", body(insecure, "https://127.0.0.1:10257/healthz"));
    assertEquals("ok", body(insecure, "https://127.0.0.1:10259/healthz"));

    String rancher =
        "https://127.0.0.1:6443/apis/apps/v1/namespaces/cattle-system/deployments/rancher";
    assertEquals(404, code(admin, rancher));
    writeFile(
        root.resolve("var/lib/rancher/k3s/server/manifests/rancher.yaml"),
        """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: cattle-system
        ---
        apiVersion: helm.cattle.io/v1
        kind: HelmChart
        metadata:
          name: rancher
          namespace: kube-system
        spec:
          chart: rancher
          version: 2.8.5
          targetNamespace: cattle-system
        """);
    await("rancher deployment available", () -> deploymentAvailable(admin, rancher));

    String log = Files.readString(tmp.resolve("k3s-server.log"));
    assertTrue(
        log.contains(
            "standin: importing "
                + root.resolve("var/lib/rancher/k3s/agent/images/k3s-airgap-images-")),
        log);
    assertTrue(log.contains("version 2.8.5 into namespace cattle-system"), log);
    assertFalse(log.contains(PASSWORD), "the log never shows the token");
    System.out.printf(
        "stand-in k3s startup: token file %d ms, listening %d ms, readyz %d ms, node Ready %d ms%n",
        toToken.toMillis(), toListening.toMillis(), toReady.toMillis(), toNodeReady.toMillis());
  }

  @Test
  void k3s_server_keeps_its_ca_and_password_across_restarts_and_honours_holds() throws Exception {
    installK3sBinaryAndImages(StandInArtifacts.k3sAirgap(tmp.resolve("artifacts")));
    List<String> command = List.of(root.resolve("usr/local/bin/k3s").toString(), "server");
    Path tokenFile = root.resolve("var/lib/rancher/k3s/server/token");
    writeFile(root.resolve("var/lib/standin/hold-start"), "");
    server = StandInProcesses.start(root, command, Map.of(), tmp.resolve("first.log"));
    await("pid file", () -> Files.exists(root.resolve("var/lib/standin/k3s-server.pid")));
    TimeUnit.MILLISECONDS.sleep(1500);
    assertFalse(Files.exists(tokenFile), "nothing happens while hold-start exists");
    Files.delete(root.resolve("var/lib/standin/hold-start"));
    await("token file", () -> Files.exists(tokenFile));
    String firstToken = Files.readString(tokenFile);
    StandInProcesses.stop(server);
    assertFalse(
        Files.exists(root.resolve("var/lib/standin/k3s-server.pid")),
        "pid file removed on SIGTERM");

    writeFile(root.resolve("var/lib/standin/hold-readyz"), "");
    writeFile(root.resolve("var/lib/standin/hold-node"), "");
    server = StandInProcesses.start(root, command, Map.of(), tmp.resolve("second.log"));
    Path kubeconfig = root.resolve("etc/rancher/k3s/k3s.yaml");
    OkHttpClient insecure = StandInHttp.insecure();
    await("supervisor /ping", () -> "pong".equals(body(insecure, "https://127.0.0.1:6443/ping")));
    assertEquals(
        firstToken, Files.readString(tokenFile), "same CA and random password after a restart");
    OkHttpClient admin = StandInHttp.forKubeconfig(kubeconfig);
    TimeUnit.MILLISECONDS.sleep(2000);
    assertEquals(503, code(admin, "https://127.0.0.1:6443/readyz"));
    String node = NodeIdentity.hostname().toLowerCase(java.util.Locale.ROOT);
    assertFalse(nodeReady(admin, node));
    Files.delete(root.resolve("var/lib/standin/hold-readyz"));
    Files.delete(root.resolve("var/lib/standin/hold-node"));
    await("/readyz", () -> code(admin, "https://127.0.0.1:6443/readyz") == 200);
    await("node Ready", () -> nodeReady(admin, node));
  }

  @Test
  void k3s_agent_rejects_a_token_whose_hash_is_not_the_cluster_ca() throws Exception {
    installK3sBinaryAndImages(StandInArtifacts.k3sAirgap(tmp.resolve("artifacts")));
    Path k3s = root.resolve("usr/local/bin/k3s");
    server =
        StandInProcesses.start(
            root, List.of(k3s.toString(), "server"), Map.of(), tmp.resolve("server.log"));
    await(
        "supervisor /ping",
        () -> "pong".equals(body(StandInHttp.insecure(), "https://127.0.0.1:6443/ping")));

    Path agentRoot = tmp.resolve("agent-root");
    Process agent =
        StandInProcesses.start(
            agentRoot,
            List.of(k3s.toString(), "agent"),
            Map.of(
                "K3S_URL",
                "https://127.0.0.1:6443",
                "K3S_TOKEN",
                "K10" + "0".repeat(64) + "::server:whatever"),
            tmp.resolve("agent.log"));
    try {
      assertTrue(agent.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS), "agent exits");
      assertEquals(1, agent.exitValue());
      assertTrue(
          Files.readString(tmp.resolve("agent.log"))
              .contains("token CA hash does not match the Cluster CA certificate hash"));
    } finally {
      StandInProcesses.stop(agent);
      StandInProcesses.stopAll(agentRoot);
    }

    // with the server's own token the agent passes the CA check and the supervisor's basic auth and
    // registers; on this one machine it then stops because the server already holds kubelet's port
    String serverToken = Files.readString(root.resolve("var/lib/rancher/k3s/server/token")).trim();
    Process joined =
        StandInProcesses.start(
            agentRoot,
            List.of(k3s.toString(), "agent"),
            Map.of(
                "K3S_URL",
                "https://127.0.0.1:6443",
                "K3S_TOKEN",
                serverToken,
                "K3S_NODE_NAME",
                "agent-1"),
            tmp.resolve("agent-2.log"));
    try {
      assertTrue(joined.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS), "agent exits");
      String log = Files.readString(tmp.resolve("agent-2.log"));
      assertTrue(log.contains("cannot listen on 127.0.0.1:10248"), log);
      assertFalse(log.contains("hash does not match"), log);
    } finally {
      StandInProcesses.stop(joined);
      StandInProcesses.stopAll(agentRoot);
    }
  }

  @Test
  void k3s_install_fails_like_the_real_script_without_binary_or_systemd() throws Exception {
    Path artifacts = StandInArtifacts.k3sAirgap(tmp.resolve("artifacts"));
    Result noBinary =
        run(artifacts.resolve("install.sh"), Map.of("INSTALL_K3S_SKIP_DOWNLOAD", "true"));
    assertEquals(1, noBinary.code(), noBinary.output());
    assertTrue(
        noBinary
            .output()
            .contains("Executable k3s binary not found at " + root.resolve("usr/local/bin/k3s")),
        noBinary.output());

    installK3sBinaryAndImages(artifacts);
    Result noSystemd =
        run(artifacts.resolve("install.sh"), Map.of("INSTALL_K3S_SKIP_DOWNLOAD", "true"));
    assertEquals(1, noSystemd.code(), noSystemd.output());
    assertTrue(
        noSystemd.output().contains("Can not find systemd to start k3s"), noSystemd.output());
  }

  @Test
  void k3s_install_downloads_the_binary_and_derives_the_agent_unit_from_K3S_URL() throws Exception {
    Path downloads = StandInArtifacts.downloads(tmp.resolve("downloads"));
    Path installer =
        downloads.resolve("k3s").resolve(StandInArtifacts.K3S_VERSION).resolve("install.sh");
    Map<String, String> env =
        Map.of(
            "STANDIN_DOWNLOADS",
            downloads.toString(),
            "INSTALL_K3S_VERSION",
            StandInArtifacts.K3S_VERSION,
            "INSTALL_K3S_SKIP_ENABLE",
            "true",
            "K3S_URL",
            "https://10.0.0.1:6443",
            "K3S_TOKEN",
            "secret");
    Result result = run(installer, env);
    assertEquals(0, result.code(), result.output());
    assertTrue(Files.isExecutable(root.resolve("usr/local/bin/k3s")));
    assertEquals(
        List.of(root.resolve("usr/local/bin/k3s").toString(), "agent"),
        SystemdUnit.read(root.resolve("etc/systemd/system/k3s-agent.service")).execStart());
    assertTrue(
        Files.readString(root.resolve("etc/systemd/system/k3s-agent.service.env"))
            .contains("K3S_TOKEN='secret'"));
    assertFalse(
        Files.exists(root.resolve("etc/systemd/system/multi-user.target.wants")), "not enabled");

    Map<String, String> noVersion = new HashMap<>(env);
    noVersion.remove("INSTALL_K3S_VERSION");
    Result failed = run(installer, noVersion);
    assertEquals(1, failed.code());
    assertTrue(failed.output().contains("INSTALL_K3S_VERSION is not set"), failed.output());
  }

  @Test
  void rke2_server_installed_from_the_tarball_serves_cacerts_on_9345_and_the_api_on_6443()
      throws Exception {
    Path artifacts = StandInArtifacts.rke2Airgap(tmp.resolve("artifacts"));
    writeFile(root.resolve("etc/rancher/rke2/config.yaml"), "token: " + PASSWORD + "\n");
    Result install =
        run(
            artifacts.resolve("install.sh"),
            Map.of(
                "INSTALL_RKE2_ARTIFACT_PATH", artifacts.toString(), "INSTALL_RKE2_TYPE", "server"));
    assertEquals(0, install.code(), install.output());

    String arch = StandInArtifacts.arch();
    assertTrue(
        Files.exists(
            root.resolve(
                "var/lib/rancher/rke2/agent/images/rke2-images.linux-" + arch + ".tar.zst")));
    assertFalse(
        Files.exists(root.resolve("etc/systemd/system/multi-user.target.wants")),
        "RKE2 never enables");
    Path unit = root.resolve("usr/local/lib/systemd/system/rke2-server.service");
    List<String> command = SystemdUnit.read(unit).execStart();
    assertEquals(List.of(root.resolve("usr/local/bin/rke2").toString(), "server"), command);
    assertTrue(
        Files.readString(unit)
            .contains(
                "EnvironmentFile=-" + root.resolve("usr/local/lib/systemd/system") + "/%N.env"));
    assertTrue(
        Files.readAllLines(root.resolve("var/lib/standin/install-rke2.env"))
            .contains("INSTALL_RKE2_TYPE=server"));

    server = StandInProcesses.start(root, command, Map.of(), tmp.resolve("rke2-server.log"));
    Path tokenFile = root.resolve("var/lib/rancher/rke2/server/token");
    await("token file", () -> Files.exists(tokenFile));
    Matcher token = SERVER_TOKEN.matcher(Files.readString(tokenFile));
    assertTrue(token.matches(), "token file has the secure server format");
    assertEquals(PASSWORD, token.group(2));
    OkHttpClient insecure = StandInHttp.insecure();
    await(
        "supervisor /ping on 9345",
        () -> "pong".equals(body(insecure, "https://127.0.0.1:9345/ping")));
    assertEquals(
        token.group(1), Token.sha256Hex(bytes(insecure, "https://127.0.0.1:9345/cacerts")));
    assertEquals(401, code(insecure, "https://127.0.0.1:6443/readyz"));
    OkHttpClient admin = StandInHttp.forKubeconfig(root.resolve("etc/rancher/rke2/rke2.yaml"));
    await("/readyz on 6443", () -> code(admin, "https://127.0.0.1:6443/readyz") == 200);
  }

  @Test
  void rke2_install_checks_the_tarball_and_moves_units_for_another_prefix() throws Exception {
    Path artifacts = StandInArtifacts.rke2Airgap(tmp.resolve("artifacts"));
    Path prefix = root.resolve("opt/rke2");
    Result install =
        run(
            artifacts.resolve("install.sh"),
            Map.of(
                "INSTALL_RKE2_ARTIFACT_PATH",
                artifacts.toString(),
                "INSTALL_RKE2_TAR_PREFIX",
                prefix.toString(),
                "INSTALL_RKE2_TYPE",
                "agent"));
    assertEquals(0, install.code(), install.output());
    assertEquals(
        List.of(prefix.resolve("bin/rke2").toString(), "agent"),
        SystemdUnit.read(root.resolve("etc/systemd/system/rke2-agent.service")).execStart());
    assertFalse(Files.exists(prefix.resolve("lib/systemd/system/rke2-agent.service")));

    Path checksums = artifacts.resolve("sha256sum-" + StandInArtifacts.arch() + ".txt");
    Files.writeString(checksums, Files.readString(checksums).replaceFirst("^[0-9a-f]", "x"));
    Result corrupt =
        run(
            artifacts.resolve("install.sh"),
            Map.of("INSTALL_RKE2_ARTIFACT_PATH", artifacts.toString()));
    assertNotEquals(0, corrupt.code());
    assertTrue(corrupt.output().contains("download sha256 does not match"), corrupt.output());
  }

  // --- helpers ---

  record Result(int code, String output) {}

  /**
   * What rancherd's installer step does for k3s: binary to /usr/local/bin, images to agent/images.
   */
  private void installK3sBinaryAndImages(Path artifacts) throws IOException {
    Path bin = Files.createDirectories(root.resolve("usr/local/bin"));
    Files.copy(artifacts.resolve("k3s"), bin.resolve("k3s"), StandardCopyOption.REPLACE_EXISTING);
    Files.setPosixFilePermissions(bin.resolve("k3s"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Path images = Files.createDirectories(root.resolve("var/lib/rancher/k3s/agent/images"));
    String archive = "k3s-airgap-images-" + StandInArtifacts.arch() + ".tar";
    Files.copy(
        artifacts.resolve(archive), images.resolve(archive), StandardCopyOption.REPLACE_EXISTING);
  }

  private Result run(Path script, Map<String, String> env)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile(tmp, "install", ".log");
    Process process = StandInProcesses.start(root, List.of(script.toString()), env, log);
    if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("install script did not finish: " + Files.readString(log));
    }
    return new Result(process.exitValue(), Files.readString(log));
  }

  private void await(String what, BooleanSupplier condition)
      throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(TIMEOUT);
    while (!condition.getAsBoolean()) {
      if (server != null && !server.isAlive()) {
        fail(
            "the stand-in exited with "
                + server.exitValue()
                + " while waiting for "
                + what
                + "\n"
                + logs());
      }
      if (Instant.now().isAfter(deadline)) {
        fail("timed out waiting for " + what + "\n" + logs());
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
  }

  private String logs() throws IOException {
    StringBuilder text = new StringBuilder();
    try (var files = Files.list(tmp)) {
      for (Path log : files.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
        text.append("--- ")
            .append(log.getFileName())
            .append(" ---\n")
            .append(Files.readString(log));
      }
    }
    return text.toString().replace(PASSWORD, "<token>");
  }

  private static boolean nodeReady(OkHttpClient client, String name) {
    try {
      JsonNode node = JSON.readTree(body(client, "https://127.0.0.1:6443/api/v1/nodes/" + name));
      for (JsonNode condition : node.path("status").path("conditions")) {
        if (condition.path("type").asText().equals("Ready")) {
          return condition.path("status").asText().equals("True");
        }
      }
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean deploymentAvailable(OkHttpClient client, String url) {
    try (Response response = get(client, url)) {
      if (response.code() != 200) {
        return false;
      }
      JsonNode status = JSON.readTree(response.body().string()).path("status");
      return status.path("availableReplicas").asInt() == 1 && status.path("replicas").asInt() == 1;
    } catch (IOException e) {
      return false;
    }
  }

  private static Response get(OkHttpClient client, String url) throws IOException {
    return client.newCall(new Request.Builder().url(url).build()).execute();
  }

  /** The body, or null when the request fails (not listening yet, TLS refused, ...). */
  private static String body(OkHttpClient client, String url) {
    try (Response response = get(client, url)) {
      return response.body().string();
    } catch (IOException e) {
      return null;
    }
  }

  private static byte[] bytes(OkHttpClient client, String url) throws IOException {
    try (Response response = get(client, url)) {
      assertEquals(200, response.code(), url);
      return response.body().bytes();
    }
  }

  private static int code(OkHttpClient client, String url) {
    try (Response response = get(client, url)) {
      return response.code();
    } catch (IOException e) {
      return -1;
    }
  }

  private static void writeFile(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  private static String mode(Path file) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }
}
