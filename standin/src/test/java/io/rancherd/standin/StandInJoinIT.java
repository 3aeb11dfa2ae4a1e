package io.rancherd.standin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.Credentials;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nodes joining a stand-in cluster on one machine: the existing server listens on 127.0.0.2 ({@code
 * STANDIN_BIND_ADDRESS}), the joining node on 127.0.0.1, each with its own {@code STANDIN_ROOT}.
 * Fixed ports, so one at a time.
 */
class StandInJoinIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String CLUSTER_ADDRESS = "127.0.0.2";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  private final List<Path> roots = new ArrayList<>();
  private final List<String> secrets = new ArrayList<>();

  @BeforeEach
  void setUp() {
    StandInProcesses.awaitPortsFree(TIMEOUT);
    StandInProcesses.awaitPortsFree(TIMEOUT, CLUSTER_ADDRESS);
  }

  @AfterEach
  void tearDown() {
    roots.forEach(StandInProcesses::stopAll);
  }

  @Test
  void k3s_agent_joins_a_server_on_127_0_0_2_and_is_listed_with_its_machine_id() throws Exception {
    Path cluster = startCluster("k3s", Map.of());
    String token = serverToken(cluster, "k3s");
    Path kubeconfig = cluster.resolve("etc/rancher/k3s/k3s.yaml");
    assertTrue(Files.readString(kubeconfig).contains("server: https://127.0.0.2:6443"));
    assertTrue(
        ipSans(cluster.resolve("var/lib/rancher/k3s/server/tls/serving-kube-apiserver.crt"))
            .contains(CLUSTER_ADDRESS));
    OkHttpClient admin =
        StandInHttp.forKubeconfig(kubeconfig); // checks the host name against the cluster CA
    await(
        "/readyz on 127.0.0.2 with the host name checked",
        () -> code(admin, api("/readyz")) == 200);

    Path agent = machine("agent", "machine-b");
    Map<String, String> join =
        Map.of("K3S_URL", "https://127.0.0.2:6443", "K3S_TOKEN", token, "K3S_NODE_NAME", "agent-1");
    Process first = start("k3s", "agent", agent, join, "agent.log");
    await(
        "agent-1 registered",
        () -> registrations(cluster).contains("registered node agent-1 as node (k3s agent)"));
    await(
        "kubelet healthz of the agent on 127.0.0.1",
        () -> "ok".equals(body(StandInHttp.insecure(), "http://127.0.0.1:10248/healthz")));

    JsonNode node = JSON.readTree(body(admin, api("/api/v1/nodes/agent-1")));
    assertEquals("machine-b", node.path("status").path("nodeInfo").path("machineID").asText());
    assertEquals("True", node.path("status").path("conditions").path(0).path("status").asText());
    assertEquals(
        "agent-1", node.path("metadata").path("labels").path("kubernetes.io/hostname").asText());
    assertTrue(
        node.path("metadata")
            .path("labels")
            .path("node-role.kubernetes.io/control-plane")
            .isMissingNode());
    JsonNode list = JSON.readTree(body(admin, api("/api/v1/nodes")));
    assertEquals(List.of("agent-1", "server-1"), names(list));
    assertEquals(
        "machine-a",
        list.path("items").path(1).path("status").path("nodeInfo").path("machineID").asText());
    assertEquals(
        "true",
        list.path("items")
            .path(1)
            .path("metadata")
            .path("labels")
            .path("node-role.kubernetes.io/control-plane")
            .asText());

    Path passwordFile = agent.resolve("etc/rancher/node/password");
    String nodePassword = Files.readString(passwordFile).trim();
    secrets.add(nodePassword);
    assertEquals("rw-------", mode(passwordFile));
    Path agentDir = agent.resolve("var/lib/rancher/k3s/agent");
    String subject =
        Pki.parseCertificate(Files.readString(agentDir.resolve("client-kubelet.crt")))
            .getSubjectX500Principal()
            .getName();
    assertTrue(
        subject.contains("CN=system:node:agent-1") && subject.contains("O=system:nodes"), subject);
    assertEquals("rw-------", mode(agentDir.resolve("serving-kubelet.key")));

    StandInProcesses.stop(first);
    start("k3s", "agent", agent, join, "agent-restart.log");
    await(
        "agent-1 registered again",
        () -> count(registrations(cluster), "registered node agent-1 as node (k3s agent)") == 2);
    assertEquals(
        nodePassword, Files.readString(passwordFile).trim(), "the node password is reused");
    StandInProcesses.stopAll(agent);

    Path impostor = machine("impostor", "machine-c");
    Process refused = start("k3s", "agent", impostor, join, "impostor.log");
    await(
        "403 twice",
        () -> count(log("impostor.log"), "Node password rejected, duplicate hostname") >= 2);
    assertTrue(refused.isAlive(), "the agent keeps retrying, as k3s does");
    assertEquals(2, count(registrations(cluster), "registered node agent-1"));
    assertEquals(
        "machine-b",
        JSON.readTree(body(admin, api("/api/v1/nodes/agent-1")))
            .path("status")
            .path("nodeInfo")
            .path("machineID")
            .asText());
    assertEquals(
        -1,
        code(StandInHttp.insecure(), "http://127.0.0.1:10248/healthz"),
        "never gets to run kubelet");
    assertTrue(log("cluster.log").contains("node password rejected for node agent-1"));
    assertNoSecretsInLogs();
  }

  @Test
  void a_wrong_password_gets_401_and_joiners_keep_retrying_without_registering() throws Exception {
    Path cluster = startCluster("k3s", Map.of());
    String token = serverToken(cluster, "k3s");
    String hash = token.substring(0, token.indexOf("::"));
    OkHttpClient trusted = trusting(cluster, "k3s");
    String kubeletCert = "https://127.0.0.2:6443/v1-k3s/serving-kubelet.crt";
    String password = token.substring(token.lastIndexOf(':') + 1);
    assertEquals(401, code(trusted, kubeletCert, "node:wrong", "probe-1", "probe-password"));
    assertEquals(
        403,
        code(trusted, kubeletCert, "server:" + password, "probe-1", "probe-password"),
        "servers are not agents");
    assertEquals(
        403,
        code(trusted, kubeletCert, "node:" + password, "server-1", "not-the-servers-password"),
        "the server's own node name is taken");
    assertEquals(
        401,
        code(
            trusted,
            "https://127.0.0.2:6443/v1-k3s/server-bootstrap",
            "server:wrong",
            "probe-2",
            "pw"));

    Process agent =
        start(
            "k3s",
            "agent",
            machine("agent", "machine-b"),
            Map.of(
                "K3S_URL",
                "https://127.0.0.2:6443",
                "K3S_TOKEN",
                hash + "::node:wrong",
                "K3S_NODE_NAME",
                "agent-1"),
            "agent.log");
    Path joiningRoot = machine("joining", "machine-d");
    Process server =
        start(
            "k3s",
            "server",
            joiningRoot,
            Map.of(
                "K3S_URL",
                "https://127.0.0.2:6443",
                "K3S_TOKEN",
                hash + "::server:wrong",
                "K3S_NODE_NAME",
                "server-2"),
            "joining.log");
    await("agent 401 twice", () -> count(log("agent.log"), "401 Unauthorized") >= 2);
    await("server 401 twice", () -> count(log("joining.log"), "401 Unauthorized") >= 2);
    assertTrue(agent.isAlive() && server.isAlive(), "both keep retrying");
    assertEquals("", registrations(cluster));
    assertEquals(
        404,
        code(
            StandInHttp.forKubeconfig(cluster.resolve("etc/rancher/k3s/k3s.yaml")),
            api("/api/v1/nodes/agent-1")));
    assertFalse(
        Files.exists(joiningRoot.resolve("var/lib/rancher/k3s/server/token")),
        "the joining server never starts");
  }

  @Test
  void k3s_server_joins_with_the_cluster_ca_and_is_recorded() throws Exception {
    Path cluster = startCluster("k3s", Map.of("K3S_CLUSTER_INIT", "true"));
    String token = serverToken(cluster, "k3s");
    String password = token.substring(token.lastIndexOf(':') + 1);

    Path wrongHash = machine("wrong-hash", "machine-x");
    Process refused =
        start(
            "k3s",
            "server",
            wrongHash,
            Map.of(
                "K3S_URL",
                "https://127.0.0.2:6443",
                "K3S_TOKEN",
                "K10" + "0".repeat(64) + "::server:" + password,
                "K3S_NODE_NAME",
                "server-x"),
            "wrong-hash.log");
    assertTrue(refused.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS), "exits");
    assertEquals(1, refused.exitValue());
    assertTrue(
        log("wrong-hash.log")
            .contains("token CA hash does not match the Cluster CA certificate hash"));

    Path joining = machine("joining", "machine-d");
    start(
        "k3s",
        "server",
        joining,
        Map.of(
            "K3S_URL", "https://127.0.0.2:6443", "K3S_TOKEN", token, "K3S_NODE_NAME", "server-2"),
        "joining.log");
    Path tokenFile = joining.resolve("var/lib/rancher/k3s/server/token");
    await("token file of the joined server", () -> Files.exists(tokenFile));
    assertEquals(token, Files.readString(tokenFile).trim(), "same cluster CA hash and password");
    for (String file :
        List.of("server-ca.crt", "server-ca.key", "client-ca.crt", "client-ca.key")) {
      assertArrayEquals(
          Files.readAllBytes(cluster.resolve("var/lib/rancher/k3s/server/tls/" + file)),
          Files.readAllBytes(joining.resolve("var/lib/rancher/k3s/server/tls/" + file)),
          file);
    }
    assertTrue(registrations(cluster).contains("joined server server-2 as server (k3s server)"));

    OkHttpClient clusterAdmin =
        StandInHttp.forKubeconfig(cluster.resolve("etc/rancher/k3s/k3s.yaml"));
    JsonNode joined = JSON.readTree(body(clusterAdmin, api("/api/v1/nodes/server-2")));
    assertEquals("machine-d", joined.path("status").path("nodeInfo").path("machineID").asText());
    assertEquals(
        "true",
        joined.path("metadata").path("labels").path("node-role.kubernetes.io/etcd").asText());
    assertEquals(
        List.of("server-1", "server-2"),
        names(JSON.readTree(body(clusterAdmin, api("/api/v1/nodes")))));

    // the cluster's admin certificate and CA work against the joined server on 127.0.0.1: one
    // cluster CA
    await(
        "server-2 Ready in its own API",
        () -> nodeReady(clusterAdmin, "https://127.0.0.1:6443/api/v1/nodes/server-2"));
    JsonNode own =
        JSON.readTree(
            body(
                StandInHttp.forKubeconfig(joining.resolve("etc/rancher/k3s/k3s.yaml")),
                "https://127.0.0.1:6443/api/v1/nodes/server-2"));
    assertEquals("machine-d", own.path("status").path("nodeInfo").path("machineID").asText());
    assertNoSecretsInLogs();
  }

  @Test
  void rke2_agent_joins_the_supervisor_on_9345_of_127_0_0_2() throws Exception {
    Path cluster = startCluster("rke2", Map.of());
    Path agent = machine("agent", "machine-r");
    start(
        "rke2",
        "agent",
        agent,
        Map.of(
            "RKE2_URL",
            "https://127.0.0.2:9345",
            "RKE2_TOKEN",
            serverToken(cluster, "rke2"),
            "RKE2_NODE_NAME",
            "agent-r"),
        "agent.log");
    await(
        "agent-r registered",
        () -> registrations(cluster).contains("registered node agent-r as node (rke2 agent)"));
    OkHttpClient admin = StandInHttp.forKubeconfig(cluster.resolve("etc/rancher/rke2/rke2.yaml"));
    JsonNode node = JSON.readTree(body(admin, api("/api/v1/nodes/agent-r")));
    assertEquals("machine-r", node.path("status").path("nodeInfo").path("machineID").asText());
    assertNoSecretsInLogs();
  }

  // --- helpers ---

  /**
   * The existing cluster: a {@code server} on 127.0.0.2, node {@code server-1}, machine ID {@code
   * machine-a}.
   */
  private Path startCluster(String program, Map<String, String> extraEnv) throws Exception {
    Path root = machine("cluster", "machine-a");
    Map<String, String> env = new HashMap<>(extraEnv);
    env.put("STANDIN_BIND_ADDRESS", CLUSTER_ADDRESS);
    env.put(program.toUpperCase(java.util.Locale.ROOT) + "_NODE_NAME", "server-1");
    start(program, "server", root, env, "cluster.log");
    int supervisor = program.equals("k3s") ? 6443 : 9345;
    await(
        "supervisor /ping on 127.0.0.2",
        () ->
            "pong"
                .equals(body(StandInHttp.insecure(), "https://127.0.0.2:" + supervisor + "/ping")));
    await(
        "token file",
        () -> Files.exists(root.resolve("var/lib/rancher/" + program + "/server/token")));
    return root;
  }

  private Path machine(String name, String machineId) throws IOException {
    Path root = tmp.resolve(name);
    Files.createDirectories(root.resolve("etc"));
    Files.writeString(root.resolve("etc/machine-id"), machineId + "\n");
    roots.add(root);
    return root;
  }

  private Process start(String program, String role, Path root, Map<String, String> env, String log)
      throws IOException {
    Path launcher = tmp.resolve("bin").resolve(program);
    if (!Files.exists(launcher)) {
      Files.createDirectories(launcher.getParent());
      String version =
          program.equals("k3s") ? StandInArtifacts.K3S_VERSION : StandInArtifacts.RKE2_VERSION;
      Files.writeString(launcher, StandInArtifacts.launcher(program, version));
      Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    return StandInProcesses.start(root, List.of(launcher.toString(), role), env, tmp.resolve(log));
  }

  private String serverToken(Path root, String program) throws IOException {
    String token =
        Files.readString(root.resolve("var/lib/rancher/" + program + "/server/token")).trim();
    secrets.add(token.substring(token.lastIndexOf(':') + 1));
    return token;
  }

  /** A client trusting only the cluster CA of {@code root}, host names checked. */
  private static OkHttpClient trusting(Path root, String program) throws IOException {
    String ca =
        Files.readString(root.resolve("var/lib/rancher/" + program + "/server/tls/server-ca.crt"));
    var trust = StandInHttp.trusting(ca);
    try {
      javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
      context.init(null, new javax.net.ssl.TrustManager[] {trust}, null);
      return new OkHttpClient.Builder().sslSocketFactory(context.getSocketFactory(), trust).build();
    } catch (java.security.GeneralSecurityException e) {
      throw new IOException(e);
    }
  }

  private static List<String> ipSans(Path certificate) throws Exception {
    X509Certificate cert = Pki.parseCertificate(Files.readString(certificate));
    List<String> ips = new ArrayList<>();
    for (List<?> san : cert.getSubjectAlternativeNames()) {
      if (Integer.valueOf(7).equals(san.get(0))) {
        ips.add(String.valueOf(san.get(1)));
      }
    }
    return ips;
  }

  private static String mode(Path file) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }

  private static String api(String path) {
    return "https://127.0.0.2:6443" + path;
  }

  private static String registrations(Path cluster) throws IOException {
    Path log = cluster.resolve("var/lib/standin/registrations.log");
    return Files.exists(log) ? Files.readString(log) : "";
  }

  private String log(String name) throws IOException {
    return Files.readString(tmp.resolve(name));
  }

  private static long count(String text, String line) {
    return text.lines().filter(l -> l.contains(line)).count();
  }

  private static List<String> names(JsonNode list) {
    List<String> names = new ArrayList<>();
    list.path("items").forEach(item -> names.add(item.path("metadata").path("name").asText()));
    return names;
  }

  private void assertNoSecretsInLogs() throws IOException {
    try (var files = Files.list(tmp)) {
      for (Path log : files.filter(f -> f.toString().endsWith(".log")).toList()) {
        String text = Files.readString(log);
        for (String secret : secrets) {
          assertFalse(text.contains(secret), log.getFileName() + " shows a secret");
        }
      }
    }
  }

  private void await(String what, Check condition) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(TIMEOUT);
    while (!condition.holds()) {
      if (Instant.now().isAfter(deadline)) {
        fail("timed out waiting for " + what + "\n" + logs());
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
  }

  /** A condition that may read files. */
  @FunctionalInterface
  private interface Check {
    boolean holds() throws IOException;
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
    String all = text.toString();
    for (String secret : secrets) {
      all = all.replace(secret, "<secret>");
    }
    return all;
  }

  private static boolean nodeReady(OkHttpClient client, String url) {
    try {
      JsonNode node = JSON.readTree(body(client, url));
      return node.path("status").path("conditions").path(0).path("status").asText().equals("True");
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** The body, or null when the request fails. */
  private static String body(OkHttpClient client, String url) {
    try (Response response = client.newCall(new Request.Builder().url(url).build()).execute()) {
      return response.body().string();
    } catch (IOException e) {
      return null;
    }
  }

  private static int code(OkHttpClient client, String url) {
    try (Response response = client.newCall(new Request.Builder().url(url).build()).execute()) {
      return response.code();
    } catch (IOException e) {
      return -1;
    }
  }

  /**
   * A registration request as {@code credentials} ({@code user:password}) with node name and node
   * password headers.
   */
  private static int code(
      OkHttpClient client, String url, String credentials, String nodeName, String nodePassword) {
    int colon = credentials.indexOf(':');
    Request request =
        new Request.Builder()
            .url(url)
            .header(
                "Authorization",
                Credentials.basic(
                    credentials.substring(0, colon),
                    credentials.substring(colon + 1),
                    StandardCharsets.UTF_8))
            .header("k3s-Node-Name", nodeName)
            .header("k3s-Node-Password", nodePassword)
            .build();
    try (Response response = client.newCall(request).execute()) {
      return response.code();
    } catch (IOException e) {
      return -1;
    }
  }
}
