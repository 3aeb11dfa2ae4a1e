package io.rancherd.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsServer;
import io.rancherd.fs.Root;
import io.rancherd.runtime.Runtime;
import io.rancherd.testing.FakeClock;
import io.rancherd.testing.TestPki;
import io.rancherd.wait.Timing;
import io.rancherd.wait.WaitLoop;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API client against a real HTTPS server on loopback that requires a client certificate, as
 * kube-apiserver does (anonymous-auth=false), with certificates made by BouncyCastle.
 */
class KubeClientIT {

  static final String NODE = "/api/v1/nodes/n1";
  static final String RANCHER = "/apis/apps/v1/namespaces/cattle-system/deployments/rancher";
  static final String ADMIN_CN = "system:admin";
  static final String NOT_FOUND = "404";

  @TempDir Path dir;
  Root root;
  final TestPki pki = new TestPki("k3s-server-ca");
  HttpsServer apiserver;

  /** Answers per path, in order; the last one repeats. Absent path: 404. */
  final Map<String, Deque<String>> answers = new ConcurrentHashMap<>();

  final List<String> progress = new CopyOnWriteArrayList<>();

  final FakeClock clock = new FakeClock();
  static final Timing TIMING =
      new Timing(Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(60));

  @BeforeEach
  void start() throws Exception {
    root = new Root(dir);
    apiserver = pki.httpsServer("kube-apiserver", true);
    apiserver.createContext("/", this::serve);
    apiserver.start();
  }

  @AfterEach
  void stop() {
    apiserver.stop(0);
  }

  /**
   * Serves the scripted answers to the admin; anyone else with a certificate of the CA gets 401.
   */
  void serve(HttpExchange exchange) throws IOException {
    X509Certificate client =
        (X509Certificate) ((HttpsExchange) exchange).getSSLSession().getPeerCertificates()[0];
    if (!client.getSubjectX500Principal().getName().contains("CN=" + ADMIN_CN)) {
      respond(
          exchange,
          401,
          "{\"kind\":\"Status\",\"status\":\"Failure\",\"message\":\"Unauthorized\",\"code\":401}");
      return;
    }
    Deque<String> script = answers.get(exchange.getRequestURI().getPath());
    String body =
        script == null ? null : script.size() > 1 ? script.removeFirst() : script.peekFirst();
    if (body == null || NOT_FOUND.equals(body)) {
      respond(
          exchange,
          404,
          "{\"kind\":\"Status\",\"status\":\"Failure\",\"reason\":\"NotFound\",\"code\":404}");
    } else {
      respond(exchange, 200, body);
    }
  }

  static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  /** Scripts {@code path}: {@code times} answers of each body in turn; a null body is a 404. */
  void script(String path, Object... timesAndBodies) {
    Deque<String> script = new ArrayDeque<>();
    for (int i = 0; i < timesAndBodies.length; i += 2) {
      for (int n = 0; n < (Integer) timesAndBodies[i]; n++) {
        script.add(timesAndBodies[i + 1] == null ? NOT_FOUND : (String) timesAndBodies[i + 1]);
      }
    }
    answers.put(path, script);
  }

  int port() {
    return apiserver.getAddress().getPort();
  }

  /** Writes the k3s admin kubeconfig: inline CA, client certificate and key as files beside it. */
  void writeKubeconfig(TestPki.Issued user, int port, TestPki.Issued ca) throws IOException {
    Path k3s = root.path("/etc/rancher/k3s");
    Files.createDirectories(k3s);
    TestPki.write(dir.resolve("ca.crt"), ca.certificate());
    user.writePem(k3s.resolve("admin.crt"), k3s.resolve("admin.key"));
    String caData = Base64.getEncoder().encodeToString(Files.readAllBytes(dir.resolve("ca.crt")));
    Files.writeString(
        k3s.resolve("k3s.yaml"),
        KubeconfigTest.kubeconfig(
            "certificate-authority-data: " + caData + "\nserver: https://127.0.0.1:" + port,
            "client-certificate: admin.crt\nclient-key: admin.key"));
  }

  KubeWaits waits() throws KubeconfigException {
    return KubeWaits.forRuntime(
        root, Runtime.K3S, new WaitLoop(clock, clock.sleeper(), progress::add));
  }

  KubeClient client() throws KubeconfigException {
    return KubeClient.create(Kubeconfig.load(root, Runtime.K3S.adminKubeconfig()));
  }

  static String node(String status, String reason) {
    return "{\"kind\":\"Node\",\"metadata\":{\"name\":\"n1\"},\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\""
        + status
        + "\",\"reason\":\""
        + reason
        + "\",\"message\":\"container runtime not ready\"}]}}";
  }

  static String rancher(int available) {
    return "{\"kind\":\"Deployment\",\"metadata\":{\"generation\":1},\"spec\":{\"replicas\":1},\"status\":{"
        + "\"observedGeneration\":1,\"replicas\":1,\"updatedReplicas\":1,\"availableReplicas\":"
        + available
        + ","
        + "\"conditions\":[{\"type\":\"Available\",\"status\":\""
        + (available > 0 ? "True" : "False")
        + "\"}]}}";
  }

  @Test
  void get_readsJsonAndTellsNotFoundApart() throws Exception {
    writeKubeconfig(pki.client(ADMIN_CN), port(), pki.ca());
    script(NODE, 1, node("True", "KubeletReady"));

    KubeClient client = client();

    assertEquals("n1", client.get(NODE).orElseThrow().path("metadata").path("name").asText());
    assertTrue(client.get("/api/v1/nodes/n2").isEmpty());
  }

  @Test
  void nodeReady_waitsThroughNotFoundAndNotReadyAndLogsProgress() throws Exception {
    writeKubeconfig(pki.client(ADMIN_CN), port(), pki.ca());
    script(NODE, 6, null, 6, node("False", "KubeletNotReady"), 1, node("True", "KubeletReady"));

    waits().nodeReady("n1", Runtime.K3S, TIMING);

    assertEquals(
        List.of(
            "waiting for node n1 Ready: not registered yet, 10 s",
            "waiting for node n1 Ready: Ready=False (KubeletNotReady: container runtime not ready), 20 s",
            "Node n1 is Ready"),
        progress);
    assertEquals(Instant.parse("2026-11-21T10:00:24Z"), clock.instant(), "13 checks, 2 s apart");
  }

  @Test
  void rancherAvailable_waitsForTheDeployment() throws Exception {
    writeKubeconfig(pki.client(ADMIN_CN), port(), pki.ca());
    script(RANCHER, 3, null, 8, rancher(0), 1, rancher(1));

    waits().rancherAvailable(TIMING);

    assertEquals(
        List.of(
            "waiting for deployment cattle-system/rancher: 0 of 1 replicas available, 10 s",
            "waiting for deployment cattle-system/rancher: 0 of 1 replicas available, 20 s",
            "Deployment cattle-system/rancher is available: 1 of 1 replicas available"),
        progress);
  }

  @Test
  void rancherAvailable_timesOutNamingWhatItSawAndWhereToLook() throws Exception {
    writeKubeconfig(pki.client(ADMIN_CN), port(), pki.ca());
    script(RANCHER, 1, rancher(0));

    KubeTimeoutException e =
        assertThrows(KubeTimeoutException.class, () -> waits().rancherAvailable(TIMING));

    assertEquals(
        "timed out after 60 s waiting for deployment cattle-system/rancher: 0 of 1 replicas available; "
            + "check the HelmChart job: kubectl -n kube-system get jobs,pods -l helmcharts.helm.cattle.io/chart=rancher",
        e.getMessage());
    assertEquals(5, progress.size(), progress.toString());
  }

  @Test
  void get_credentialsRejectedSaysWhichKubeconfig() throws Exception {
    writeKubeconfig(pki.client("intruder"), port(), pki.ca());

    KubeApiException e = assertThrows(KubeApiException.class, () -> client().get(NODE));

    assertEquals(
        "GET https://127.0.0.1:"
            + port()
            + NODE
            + ": the API server rejected the admin credentials of "
            + "/etc/rancher/k3s/k3s.yaml (client certificate O=system:masters,CN=intruder): 401: Unauthorized",
        e.getMessage());
    assertTrue(e.credentialsRejected());
  }

  @Test
  void nodeReady_rejectedCredentialsEndTheWaitAtOnce() throws Exception {
    writeKubeconfig(pki.client("intruder"), port(), pki.ca());

    KubeApiException e =
        assertThrows(KubeApiException.class, () -> waits().nodeReady("n1", Runtime.K3S, TIMING));

    assertEquals(401, e.status());
    assertEquals(Instant.parse("2026-11-21T10:00:00Z"), clock.instant(), "no retries");
  }

  @Test
  void get_serverWithAnotherCaFailsTheHandshake() throws Exception {
    writeKubeconfig(pki.client(ADMIN_CN), port(), new TestPki("another-ca").ca());

    KubeApiException e = assertThrows(KubeApiException.class, () -> client().get(NODE));

    assertTrue(
        e.getMessage()
            .contains(
                ": TLS failed (the server must present a certificate signed by the CA of "
                    + "/etc/rancher/k3s/k3s.yaml)"),
        e.getMessage());
  }

  @Test
  void get_nothingListeningSaysConnectionRefused() throws Exception {
    writeKubeconfig(pki.client(ADMIN_CN), closedPort(), pki.ca());

    KubeApiException e = assertThrows(KubeApiException.class, () -> client().get(NODE));

    assertTrue(
        e.getMessage().endsWith(": connection refused; is the API server running?"),
        e.getMessage());
    assertFalse(e.credentialsRejected());
  }

  @Test
  void nodeReady_nothingListeningIsWaitedThroughThenTimesOutWithTheRuntimeHint() throws Exception {
    int port = closedPort();
    writeKubeconfig(pki.client(ADMIN_CN), port, pki.ca());

    KubeTimeoutException e =
        assertThrows(
            KubeTimeoutException.class,
            () ->
                waits()
                    .nodeReady(
                        "n1",
                        Runtime.K3S,
                        new Timing(
                            Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(6))));

    assertEquals(
        "timed out after 6 s waiting for node n1 Ready: GET https://127.0.0.1:"
            + port
            + NODE
            + ": connection refused; is the API server running?; check the runtime's log: journalctl -u k3s",
        e.getMessage());
  }

  @Test
  void get_sendsTheBearerTokenAndNeverShowsIt() throws Exception {
    String token = "K10abc::server:do-not-print-me";
    HttpsServer tokenServer = pki.httpsServer("kube-apiserver", false);
    tokenServer.createContext(
        "/",
        exchange -> {
          boolean ok =
              ("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"));
          respond(
              exchange,
              ok ? 200 : 401,
              ok ? node("True", "KubeletReady") : "{\"message\":\"Unauthorized\"}");
        });
    tokenServer.start();
    try {
      String caData = Base64.getEncoder().encodeToString(Files.readAllBytes(writeCa()));
      String cluster =
          "certificate-authority-data: "
              + caData
              + "\nserver: https://127.0.0.1:"
              + tokenServer.getAddress().getPort();
      Path k3s = Files.createDirectories(root.path("/etc/rancher/k3s"));

      Files.writeString(
          k3s.resolve("k3s.yaml"), KubeconfigTest.kubeconfig(cluster, "token: " + token));
      assertTrue(client().get(NODE).isPresent());

      Files.writeString(
          k3s.resolve("k3s.yaml"), KubeconfigTest.kubeconfig(cluster, "token: wrong-" + token));
      KubeApiException e = assertThrows(KubeApiException.class, () -> client().get(NODE));
      assertTrue(e.getMessage().contains("(bearer token): 401: Unauthorized"), e.getMessage());
      assertFalse(e.getMessage().contains("do-not-print-me"), e.getMessage());
    } finally {
      tokenServer.stop(0);
    }
  }

  Path writeCa() {
    Path file = dir.resolve("ca.crt");
    TestPki.write(file, pki.ca().certificate());
    return file;
  }

  static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
