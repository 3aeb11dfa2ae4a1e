package io.rancherd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rancherd.join.FakeSupervisor;
import io.rancherd.standin.StandInProcesses;
import io.rancherd.testing.TestPki;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code rancherd bootstrap} on joining nodes, end to end through the launcher. The joins of a
 * running cluster use the runtime stand-in: the cluster's server runs on 127.0.0.2 in its own
 * machine root ({@link StandInCluster}), the node rancherd bootstraps on 127.0.0.1 in another
 * (air-gap path, direct service manager). Fixed ports, so one test at a time.
 */
class JoinIT {

  private static final String PASSWORD = "join-it-password-0815";
  private static final String HASH =
      "8010bfcee1842b2a4ce8f67c3e9455f0188f7a15bf39ec61a26feb75cd785821";
  private static final String PRIVATE = "rw-------";

  @TempDir Path tmp;

  private StandInCluster cluster;
  private StandInNode node;

  /**
   * The joiner first, then the cluster: every stand-in of both machine roots, also after a failure.
   */
  @AfterEach
  void stopStandIns() {
    StandInProcesses.stopAll(tmp.resolve("node"));
    StandInProcesses.stopAll(tmp.resolve("cluster"));
  }

  @Test
  void unreachableServerWithOnceExitsOneNamingTheServerAndTheLastErrorAndInstallsNothing(
      @TempDir Path root, @TempDir Path configDir) throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    Path config =
        Launcher.write(
            configDir.resolve("agent.yaml"),
            """
        rancherd:
          role: agent
          server: https://127.0.0.1:%d
          token: K10%s::server:%s
          kubernetesVersion: v1.29.4+k3s1
        """
                .formatted(port, HASH, PASSWORD));

    Launcher.Result r =
        Launcher.run(
            root, "bootstrap", "--once", "--server-wait", "3s", "--config", config.toString());

    assertEquals(1, r.exitCode(), () -> r.describe(PASSWORD));
    List<String> lines = r.stderrLines();
    String last = lines.get(lines.size() - 1);
    String url = "https://127.0.0.1:" + port;
    assertTrue(last.startsWith("rancherd: reaching the k3s supervisor " + url + ": "), last);
    assertTrue(last.contains("127.0.0.1:" + port) && last.contains("(waited 3 s); fix: "), last);
    assertFalse(
        r.stdout().contains(PASSWORD) || r.stderr().contains(PASSWORD), "the token was printed");
    assertEquals(
        List.of(StandInNode.DATA + "/bootstrap.lock", StandInNode.DATA + "/working"),
        Launcher.filesUnder(root),
        "nothing but the lock and the working stamp is written before the server's CA is verified");
    assertEquals("rw-------", Launcher.mode(root.resolve(StandInNode.DATA + "/working")));

    Launcher.Result status = Launcher.run(root, "status");
    assertTrue(
        status.stdout().contains("\nlast error:   " + last.substring("rancherd: ".length()) + "\n"),
        () -> status.describe(PASSWORD));
    assertFalse(
        Launcher.readString(root.resolve(StandInNode.DATA + "/working")).contains(PASSWORD));
  }

  @ParameterizedTest
  @ValueSource(strings = {"k3s", "rke2"})
  void agentJoinsWithTheSecureTokenReachesItsProbesAndRegistersWithTheClustersToken(String runtime)
      throws Exception {
    cluster = StandInCluster.start(tmp.resolve("cluster"), tmp, runtime);
    String token = cluster.secureToken();
    String caHash = cluster.caHash();
    assertEquals(
        "K10" + caHash + "::server:" + cluster.password(),
        token,
        "the cluster's token pins its server CA");
    node =
        StandInNode.joining(
            tmp.resolve("node"),
            configDir(),
            runtime,
            "agent",
            cluster.url(),
            token,
            "agent-1",
            "machine-b",
            "");

    Launcher.Result r = node.bootstrap();

    assertEquals(0, r.exitCode(), () -> failure(r, runtime + "-agent"));
    assertEquals(
        List.of("files", "install-" + runtime, "start-" + runtime + "-agent", "probes"),
        List.copyOf(node.steps().keySet()),
        "an agent's plan: no wait-node, no Rancher");
    assertTrue(
        node.steps().values().stream().allMatch("done"::equals), () -> "steps: " + node.steps());
    assertTrue(
        r.stderr().contains("Node bootstrapped: agent " + runtime),
        () -> r.describe(cluster.password()));
    assertBootstrapped("agent", caHash, "the CA hash in the token");
    assertDropIn(runtime, "K10" + caHash + "::server:" + cluster.password(), "agent-1");
    assertEquals(
        1,
        count(cluster.registrations(), "registered node agent-1 as node (" + runtime + " agent)"),
        cluster.registrations());
    JsonNode joined = Launcher.parseJson(cluster.api("/api/v1/nodes/agent-1"));
    assertEquals(
        "machine-b",
        joined.path("status").path("nodeInfo").path("machineID").asText(),
        "the cluster lists the bootstrapped machine as agent-1");
    assertTokenNotShown(r);
  }

  @ParameterizedTest
  @ValueSource(strings = {"etcd", "control-plane"})
  void etcdOnlyAndControlPlaneOnlyServersJoinWithTheRuntimesFlags(String role) throws Exception {
    cluster = StandInCluster.start(tmp.resolve("cluster"), tmp, "k3s");
    String name = role.equals("etcd") ? "etcd-1" : "cp-1";
    node =
        StandInNode.joining(
            tmp.resolve("node"),
            configDir(),
            "k3s",
            role,
            cluster.url(),
            cluster.secureToken(),
            name,
            "machine-" + role,
            "");

    Launcher.Result r = node.bootstrap();

    assertEquals(0, r.exitCode(), () -> failure(r, "k3s"));
    Map<?, ?> keys =
        (Map<?, ?>)
            Launcher.parseYaml(
                Launcher.readString(node.path("/etc/rancher/k3s/config.yaml.d/40-rancherd.yaml")));
    JsonNode labels =
        Launcher.parseJson(cluster.api("/api/v1/nodes/" + name)).path("metadata").path("labels");
    if (role.equals("etcd")) {
      assertEquals(true, keys.get("disable-apiserver"), keys.toString());
      assertEquals(true, keys.get("disable-controller-manager"), keys.toString());
      assertEquals(true, keys.get("disable-scheduler"), keys.toString());
      assertEquals("true", labels.path("node-role.kubernetes.io/etcd").asText(), labels.toString());
      assertTrue(
          labels.path("node-role.kubernetes.io/control-plane").isMissingNode(), labels.toString());
    } else {
      assertEquals(true, keys.get("disable-etcd"), keys.toString());
      assertEquals(
          "true", labels.path("node-role.kubernetes.io/control-plane").asText(), labels.toString());
      assertTrue(labels.path("node-role.kubernetes.io/etcd").isMissingNode(), labels.toString());
    }
  }

  @Test
  void joinerWithThreeServersSkipsADeadOneAndOneWithAnotherCaAndJoinsTheThird() throws Exception {
    cluster = StandInCluster.start(tmp.resolve("cluster"), tmp, "k3s");
    try (FakeSupervisor impostor =
        new FakeSupervisor(new TestPki("another-cluster"), "pw", "127.0.0.8", 6443)) {
      String servers = "[https://127.0.0.7:6443, " + impostor.url() + ", " + cluster.url() + "]";
      node =
          StandInNode.joining(
              tmp.resolve("node"),
              configDir(),
              "k3s",
              "agent",
              servers,
              cluster.secureToken(),
              "agent-4",
              "machine-f",
              "");

      Launcher.Result r = node.bootstrap();

      assertEquals(0, r.exitCode(), () -> failure(r, "k3s-agent"));
      String log = r.stderr();
      assertTrue(
          log.contains("Server https://127.0.0.7:6443 failed the join checks: fetching the CA of"),
          () -> r.describe(cluster.password()));
      assertTrue(
          log.contains(
              "Server " + impostor.url() + " failed the join checks: CA checksum mismatch for"),
          () -> r.describe(cluster.password()));
      assertFalse(impostor.receivedCredentials(), "the token never went to the impostor");
      Map<?, ?> keys =
          (Map<?, ?>)
              Launcher.parseYaml(
                  Launcher.readString(
                      node.path("/etc/rancher/k3s/config.yaml.d/40-rancherd.yaml")));
      assertEquals(cluster.url(), keys.get("server"), "the runtime joins the server that passed");
    }
  }

  @Test
  void whenNoServerPassesTheFailureAndStatusNameEachOne() throws Exception {
    try (FakeSupervisor impostor =
        new FakeSupervisor(new TestPki("another-cluster"), "pw", "127.0.0.8", 6443)) {
      node =
          StandInNode.joining(
              tmp.resolve("node"),
              configDir(),
              "k3s",
              "agent",
              "[https://127.0.0.7:6443, " + impostor.url() + "]",
              "K10" + "ab".repeat(32) + "::server:pw",
              "agent-5",
              "machine-g",
              "");

      Launcher.Result r = node.bootstrap("--server-wait", "2s");
      Launcher.Result status = node.run("status");

      assertEquals(1, r.exitCode(), r::describe);
      for (String text : List.of(r.stderr(), status.stdout())) {
        assertTrue(
            text.contains("none of the 2 servers passed the join checks")
                && text.contains("https://127.0.0.7:6443: fetching the CA of")
                && text.contains(impostor.url() + ": CA checksum mismatch"),
            text);
      }
    }
  }

  @Test
  void labelsOfTheImagesOwnConfigAreKeptBesideRancherdsLabels() throws Exception {
    cluster = StandInCluster.start(tmp.resolve("cluster"), tmp, "k3s");
    node =
        StandInNode.joining(
            tmp.resolve("node"),
            configDir(),
            "k3s",
            "agent",
            cluster.url(),
            cluster.secureToken(),
            "agent-3",
            "machine-l",
            "labels: [from-rancherd=yes]\n");
    Path imageConfig = node.path("/etc/rancher/k3s/config.yaml");
    Files.createDirectories(imageConfig.getParent());
    Files.writeString(imageConfig, "node-label:\n- from-image=yes\n");

    Launcher.Result r = node.bootstrap();

    assertEquals(0, r.exitCode(), () -> failure(r, "k3s-agent"));
    JsonNode labels =
        Launcher.parseJson(cluster.api("/api/v1/nodes/agent-3")).path("metadata").path("labels");
    assertEquals("yes", labels.path("from-image").asText(), labels.toString());
    assertEquals("yes", labels.path("from-rancherd").asText(), labels.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"k3s", "rke2"})
  void serverJoinsWithTheSecureTokenWaitsForItsNodeAndIsRecordedByTheCluster(String runtime)
      throws Exception {
    cluster = StandInCluster.start(tmp.resolve("cluster"), tmp, runtime);
    String caHash = cluster.caHash();
    node =
        StandInNode.joining(
            tmp.resolve("node"),
            configDir(),
            runtime,
            "server",
            cluster.url(),
            cluster.secureToken(),
            "server-2",
            "machine-d",
            "");
    String unit = runtime.equals("k3s") ? "k3s" : "rke2-server";

    Launcher.Result r = node.bootstrap();

    assertEquals(0, r.exitCode(), () -> failure(r, unit));
    assertEquals(
        List.of("files", "install-" + runtime, "start-" + unit, "probes", "wait-node"),
        List.copyOf(node.steps().keySet()),
        "a joining server's plan: wait-node, no Rancher");
    assertTrue(
        node.steps().values().stream().allMatch("done"::equals), () -> "steps: " + node.steps());
    assertTrue(
        r.stderr().contains("Node bootstrapped: server " + runtime),
        () -> r.describe(cluster.password()));
    assertBootstrapped("server", caHash, "the CA hash in the token");
    assertDropIn(runtime, "K10" + caHash + "::server:" + cluster.password(), "server-2");
    assertEquals(
        1,
        count(cluster.registrations(), "joined server server-2 as server (" + runtime + " server)"),
        cluster.registrations());
    assertEquals(
        0,
        count(cluster.registrations(), "registered node server-2"),
        "joined as a server, not an agent");
    JsonNode joined = Launcher.parseJson(cluster.api("/api/v1/nodes/server-2"));
    assertEquals("machine-d", joined.path("status").path("nodeInfo").path("machineID").asText());
    assertEquals(
        caHash,
        StandInCluster.sha256(
            node.path("/var/lib/rancher/" + runtime + "/server/tls/server-ca.crt")),
        "the joined server runs with the cluster's CA");
    assertTokenNotShown(r);
  }

  @Test
  void shortTokenWithCaChecksumJoinsAsAgentAndTheRuntimeGetsTheTokenPinnedToThatCa()
      throws Exception {
    cluster = StandInCluster.start(tmp.resolve("cluster"), tmp, "k3s");
    String caHash = cluster.caHash();
    node =
        StandInNode.joining(
            tmp.resolve("node"),
            configDir(),
            "k3s",
            "agent",
            cluster.url(),
            cluster.password(),
            "agent-1",
            "machine-b",
            "caChecksum: sha256:" + caHash + "\n");

    Launcher.Result r = node.bootstrap();

    assertEquals(0, r.exitCode(), () -> failure(r, "k3s-agent"));
    assertTrue(
        node.steps().values().stream().allMatch("done"::equals), () -> "steps: " + node.steps());
    assertFalse(r.stderr().contains("NOT VERIFIED"), () -> r.describe(cluster.password()));
    assertBootstrapped("agent", caHash, "caChecksum");
    assertDropIn("k3s", "K10" + caHash + "::server:" + cluster.password(), "agent-1");
    assertEquals(
        1,
        count(cluster.registrations(), "registered node agent-1 as node (k3s agent)"),
        cluster.registrations());
    assertTokenNotShown(r);
  }

  @Test
  void tokenWithTheHashOfAnotherCaExitsOneBeforeAnythingIsInstalledOrSent() throws Exception {
    cluster = StandInCluster.start(tmp.resolve("cluster"), tmp, "k3s");
    String caHash = cluster.caHash();
    String otherHash =
        StandInCluster.sha256(cluster.tls("client-ca.crt")); // the cluster's other CA
    assertFalse(caHash.equals(otherHash));
    Path root = tmp.resolve("node");
    node =
        StandInNode.joining(
            root,
            configDir(),
            "k3s",
            "agent",
            cluster.url(),
            "K10" + otherHash + "::server:" + cluster.password(),
            "agent-1",
            "machine-b",
            "");

    Launcher.Result r = node.bootstrap();

    assertEquals(1, r.exitCode(), () -> r.describe(cluster.password()));
    List<String> lines = r.stderrLines();
    String last = lines.get(lines.size() - 1);
    assertTrue(
        last.startsWith(
            "rancherd: CA checksum mismatch for https://127.0.0.2:6443: server presented sha256 "
                + caHash
                + ", token expects "
                + otherHash
                + " — wrong server, a re-installed server, or a man in the middle; "
                + "the token was not sent; fix: "),
        () -> r.describe(cluster.password()));
    assertFalse(Files.exists(node.path("/usr/local/bin/k3s")), "no runtime binary installed");
    assertFalse(
        Files.exists(node.path("/etc/rancher/k3s/config.yaml.d/40-rancherd.yaml")),
        "no runtime config");
    assertEquals(
        List.of(
            "etc/machine-id", StandInNode.DATA + "/bootstrap.lock", StandInNode.DATA + "/working"),
        Launcher.filesUnder(root).stream()
            .filter(f -> !f.startsWith(StandInNode.AIRGAP.substring(1) + "/"))
            .toList(),
        "nothing but the lock and the working stamp is written (besides the test's artifacts and machine ID)");
    assertEquals(List.of(), StandInProcesses.find(root), "no runtime started on the joining node");
    assertFalse(node.steps().containsKey("install-k3s"), "no plan applied");
    assertFalse(Files.exists(node.data("bootstrapped")));
    assertEquals("", cluster.registrations(), "the cluster saw no registration");
    assertTokenNotShown(r);
    assertFalse(Launcher.readString(node.data("working")).contains(cluster.password()));
  }

  // --- helpers ---

  private Path configDir() throws IOException {
    return Files.createDirectories(tmp.resolve("config"));
  }

  /** The bootstrapped stamp: private, the role and the verified server CA, no token. */
  private void assertBootstrapped(String role, String caHash, String verifiedBy) {
    Path stamp = node.data("bootstrapped");
    assertTrue(Files.isRegularFile(stamp), "bootstrapped stamp");
    assertFalse(Files.exists(node.data("working")), "the working stamp is gone once bootstrapped");
    assertEquals(PRIVATE, Launcher.mode(stamp));
    String text = Launcher.readString(stamp);
    assertFalse(text.contains(cluster.password()), "the token is in the bootstrapped stamp");
    Map<?, ?> fields = (Map<?, ?>) Launcher.parseYaml(text);
    assertEquals(role, fields.get("role"), text);
    assertEquals("sha256:" + caHash, fields.get("serverCa"), text);
    assertEquals(verifiedBy, fields.get("serverCaVerifiedBy"), text);
  }

  /**
   * The runtime config drop-in: private, the cluster's server URL, the token pinned to its CA, the
   * node name.
   */
  private void assertDropIn(String runtime, String pinnedToken, String nodeName) {
    Path dropIn = node.path("/etc/rancher/" + runtime + "/config.yaml.d/40-rancherd.yaml");
    assertEquals(PRIVATE, Launcher.mode(dropIn));
    Map<?, ?> keys = (Map<?, ?>) Launcher.parseYaml(Launcher.readString(dropIn));
    assertEquals(cluster.url(), keys.get("server"));
    assertTrue(
        pinnedToken.equals(keys.get("token")),
        "the drop-in's token is not the one pinned to the cluster CA");
    assertEquals(nodeName, keys.get("node-name"));
    assertFalse(keys.containsKey("cluster-init"), "a joining node does not initialize a cluster");
  }

  /**
   * The token is in no output of rancherd and in no file of its data dir but the plan (base64
   * there).
   */
  private void assertTokenNotShown(Launcher.Result r) {
    String password = cluster.password();
    assertFalse(
        r.stdout().contains(password) || r.stderr().contains(password), "the token was printed");
    List<String> leaks = Launcher.filesContaining(node.root.resolve(StandInNode.DATA), password);
    assertEquals(
        List.of(),
        leaks.stream().filter(f -> !f.equals("plan/plan.json")).toList(),
        "files in the data dir holding the token");
  }

  private String failure(Launcher.Result r, String unit) {
    String text =
        r.describe(cluster.password())
            + "\n--- "
            + unit
            + " service log ---\n"
            + node.serviceLog(unit).orElse("none")
            + "\n--- cluster log ---\n"
            + cluster.serviceLog();
    return text.replace(cluster.password(), "<token>");
  }

  private static long count(String text, String line) {
    return text.lines().filter(l -> l.contains(line)).count();
  }
}
