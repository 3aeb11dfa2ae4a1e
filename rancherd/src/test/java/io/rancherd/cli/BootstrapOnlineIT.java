package io.rancherd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsServer;
import io.rancherd.standin.StandInArtifacts;
import io.rancherd.standin.StandInProcesses;
import io.rancherd.testing.TestPki;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The online install path of {@code rancherd bootstrap}, end to end as real processes, against a
 * local HTTPS server on 127.0.0.1 with a certificate from a test CA: the k3s install script is
 * downloaded, the channel URL answers 302 to a release, and the Rancher chart version comes from a
 * Helm repository index. The runtime is the stand-in, run with the direct service manager. No
 * traffic goes anywhere but 127.0.0.1.
 */
class BootstrapOnlineIT {

  private static final String DATA = StandInNode.DATA;
  private static final String VERSION = StandInArtifacts.K3S_VERSION;
  private static final String TRUST_STORE_PASSWORD = "rancherd-online-it";

  /** Out of order, with a pre-release that sorts highest: {@code stable} must pick 2.9.1. */
  private static final String INDEX_YAML =
      """
      apiVersion: v1
      entries:
        rancher:
        - name: rancher
          version: 2.8.3
          appVersion: v2.8.3
          urls: [https://127.0.0.1/charts/rancher-2.8.3.tgz]
        - name: rancher
          version: 2.9.1
          appVersion: v2.9.1
          urls: [https://127.0.0.1/charts/rancher-2.9.1.tgz]
        - name: rancher
          version: 2.9.0
          appVersion: v2.9.0
          urls: [https://127.0.0.1/charts/rancher-2.9.0.tgz]
        - name: rancher
          version: 2.10.0-rc1
          appVersion: v2.10.0-rc1
          urls: [https://127.0.0.1/charts/rancher-2.10.0-rc1.tgz]
      generated: "2024-05-01T00:00:00Z"
      """;

  @TempDir Path root;
  @TempDir Path work;

  private final TestPki pki = new TestPki("rancherd-online-it-ca");
  private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
  private final List<String> unexpected = new CopyOnWriteArrayList<>();
  private HttpsServer server;
  private byte[] installScript;
  private String token;

  @BeforeEach
  void freePorts() {
    StandInProcesses.awaitPortsFree(Duration.ofSeconds(30));
    token = "it-online-token-" + Long.toHexString(System.nanoTime());
  }

  @AfterEach
  void stopEverything() {
    StandInProcesses.stopAll(root);
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void online_resolvesTheChannelDownloadsTheScriptAndResolvesTheRancherChart() throws Exception {
    startServer();
    Path config = onlineConfig(url("/v1-release/channels/stable"));

    Launcher.Result r = bootstrap(config, trustingEnv());

    assertEquals(0, r.exitCode(), () -> r.describe(token) + "\nservice log:\n" + serviceLog());
    assertTrue(Files.isRegularFile(data("bootstrapped")), "bootstrapped stamp");
    assertEquals(List.of(), unexpected, "requests the test server did not expect");
    assertEquals(1, count("/v1-release/channels/stable"), "the channel is asked once");
    assertEquals(1, count("/install.sh"), "the install script is downloaded once");
    assertEquals(1, count("/charts/index.yaml"), "the chart index is read once");

    // The install script ran online: the resolved version, no skip-download.
    String installEnv = Launcher.readString(path("/var/lib/standin/install-k3s.env"));
    assertTrue(installEnv.lines().anyMatch(("INSTALL_K3S_VERSION=" + VERSION)::equals), installEnv);
    assertFalse(installEnv.contains("INSTALL_K3S_SKIP_DOWNLOAD"), installEnv);
    assertEquals(
        "rwxr-xr-x",
        Launcher.mode(path("/usr/local/bin/k3s")),
        "the binary came from the downloads");

    // The script rancherd downloaded: private, executable, byte for byte what was served.
    Path script = data("installer/k3s-install.sh");
    assertEquals("rwx------", Launcher.mode(script));
    assertTrue(Arrays.equals(installScript, Launcher.read(script)), "the script is the one served");

    // The HelmChart names the configured repository and the highest stable version in the index.
    Map<?, ?> chart =
        (Map<?, ?>)
            Launcher.parseYaml(
                Launcher.readString(
                    path("/var/lib/rancher/k3s/server/manifests/rancherd-rancher.yaml")));
    assertEquals("HelmChart", chart.get("kind"));
    Map<?, ?> spec = (Map<?, ?>) chart.get("spec");
    assertEquals(url("/charts"), spec.get("repo"));
    assertEquals("2.9.1", String.valueOf(spec.get("version")));

    JsonNode installed = Launcher.parseJson(Launcher.readString(data("installed.json")));
    assertEquals(VERSION, installed.path("kubernetesVersion").asText(), installed::toString);
    assertEquals("2.9.1", installed.path("rancherVersion").asText(), installed::toString);

    String channel = url("/v1-release/channels/stable");
    assertTrue(
        r.stderr().lines().anyMatch(l -> l.contains(channel) && l.contains(" is " + VERSION)),
        () -> "the log names the channel and the version it resolved to\n" + r.describe(token));
    assertFalse(
        r.stdout().contains(token) || r.stderr().contains(token), "token in the output of the run");
  }

  @Test
  void offline_channelResolutionFailsWithAFixAndNothingIsInstalled() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    Path config =
        onlineConfig(
            "https://127.0.0.1:" + closed + "/v1-release/channels/stable",
            "https://127.0.0.1:" + closed + "/install.sh",
            "https://127.0.0.1:" + closed + "/charts");

    Launcher.Result r = bootstrap(config, baseEnv(), "--step-attempts", "1");

    assertEquals(1, r.exitCode(), () -> r.describe(token));
    List<String> lines = r.stderrLines();
    String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    assertTrue(last.startsWith("rancherd: running step install-k3s:"), () -> r.describe(token));
    assertTrue(last.contains("looks offline"), last);
    assertTrue(last.contains("set kubernetesVersion to an exact version"), last);
    assertTrue(last.contains("127.0.0.1:" + closed), "the message names the channel: " + last);
    assertFalse(Files.exists(data("bootstrapped")), "no bootstrapped stamp");
    assertFalse(Files.exists(data("installer/k3s-install.sh")), "no script downloaded");
    Path bin = path("/usr/local/bin");
    assertTrue(
        !Files.exists(bin) || Launcher.entriesUnder(bin).isEmpty(),
        () -> "installed under /usr/local/bin: " + Launcher.entriesUnder(bin));
    assertFalse(
        r.stdout().contains(token) || r.stderr().contains(token), "token in the output of the run");
  }

  /**
   * Without the test CA in the JVM's trust store the download is refused. The version is exact
   * here, so that the install script server is the first one asked (a channel URL is resolved
   * before the script is downloaded).
   */
  @Test
  void untrustedInstallScriptServer_isRefused() throws Exception {
    startServer();
    Path config = onlineConfig(VERSION);

    Launcher.Result r = bootstrap(config, baseEnv(), "--step-attempts", "1");

    assertEquals(1, r.exitCode(), () -> r.describe(token));
    List<String> lines = r.stderrLines();
    String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    assertTrue(last.startsWith("rancherd: running step install-k3s:"), () -> r.describe(token));
    assertTrue(
        last.contains("downloading the k3s install script from " + url("/install.sh")), last);
    assertTrue(last.contains("certificate is not trusted"), last);
    assertEquals(0, count("/install.sh"), "no request got past the TLS handshake");
    assertEquals(List.of(), unexpected);
    assertFalse(Files.exists(data("installer/k3s-install.sh")), "no script written");
    assertFalse(Files.exists(data("bootstrapped")), "no bootstrapped stamp");
    assertFalse(
        Files.exists(path("/var/lib/standin/install-k3s.env")), "the install script never ran");
    assertFalse(
        r.stdout().contains(token) || r.stderr().contains(token), "token in the output of the run");
  }

  // ---------------------------------------------------------------- the server

  private void startServer() {
    installScript =
        Launcher.read(StandInArtifacts.k3sAirgap(work.resolve("artifacts")).resolve("install.sh"));
    String release =
        "https://github.invalid/k3s-io/k3s/releases/tag/"
            + URLEncoder.encode(VERSION, StandardCharsets.UTF_8);
    server = pki.httpsServer("rancherd-online-it", false);
    server.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getRawPath();
          requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
          if (!exchange.getRequestMethod().equals("GET")) {
            unexpected.add(exchange.getRequestMethod() + " " + path);
            respond(exchange, 405, Map.of(), new byte[0]);
            return;
          }
          switch (path) {
            case "/install.sh" ->
                respond(exchange, 200, Map.of("Content-Type", "text/plain"), installScript);
            case "/v1-release/channels/stable" ->
                respond(exchange, 302, Map.of("Location", release), new byte[0]);
            case "/charts/index.yaml" ->
                respond(
                    exchange,
                    200,
                    Map.of("Content-Type", "text/yaml"),
                    INDEX_YAML.getBytes(StandardCharsets.UTF_8));
            default -> {
              unexpected.add("GET " + path);
              respond(exchange, 404, Map.of(), new byte[0]);
            }
          }
        });
    server.start();
  }

  private static void respond(
      HttpExchange exchange, int code, Map<String, String> headers, byte[] body)
      throws IOException {
    headers.forEach(exchange.getResponseHeaders()::add);
    exchange.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
    exchange.close();
  }

  private String url(String path) {
    return "https://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private int count(String path) {
    AtomicInteger n = requests.get(path);
    return n == null ? 0 : n.get();
  }

  // ---------------------------------------------------------------- the node

  private Path onlineConfig(String kubernetesVersion) {
    return onlineConfig(kubernetesVersion, url("/install.sh"), url("/charts"));
  }

  private Path onlineConfig(
      String kubernetesVersion, String installScriptUrl, String chartRepository) {
    return Launcher.write(
        work.resolve("node.yaml"),
        """
        #cloud-config
        rancherd:
          role: cluster-init
          token: "%s"
          kubernetesVersion: "%s"
          installScriptUrl: "%s"
          rancherVersion: stable
          rancherChartRepository: "%s"
        """
            .formatted(token, kubernetesVersion, installScriptUrl, chartRepository));
  }

  /** The stand-in's variables, and no proxy from the build's environment. */
  private Map<String, String> baseEnv() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("STANDIN_ROOT", root.toString());
    env.put("STANDIN_DOWNLOADS", StandInArtifacts.downloads(work.resolve("downloads")).toString());
    for (String name : List.of("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy")) {
      env.put(name, "");
    }
    env.put("NO_PROXY", "127.0.0.1,localhost");
    env.put("no_proxy", "127.0.0.1,localhost");
    return env;
  }

  /**
   * {@link #baseEnv()}, with the rancherd JVM trusting the test CA through a PKCS12 trust store.
   */
  private Map<String, String> trustingEnv() {
    Path store = work.resolve("trust.p12");
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("rancherd-online-it-ca", pki.ca().certificate());
      try (OutputStream out = Files.newOutputStream(store)) {
        trust.store(out, TRUST_STORE_PASSWORD.toCharArray());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException("writing the trust store " + store, e);
    }
    Map<String, String> env = baseEnv();
    env.put(
        "RANCHERD_JAVA_OPTS",
        "-Djavax.net.ssl.trustStore="
            + store
            + " -Djavax.net.ssl.trustStorePassword="
            + TRUST_STORE_PASSWORD
            + " -Djavax.net.ssl.trustStoreType=PKCS12");
    return env;
  }

  private Launcher.Result bootstrap(Path config, Map<String, String> env, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "bootstrap",
                "--once",
                "--service-manager",
                "direct",
                "--config",
                config.toString()));
    args.addAll(List.of(more));
    return Launcher.run(root, env, args.toArray(String[]::new));
  }

  private Path path(String machinePath) {
    return root.resolve(machinePath.substring(1));
  }

  private Path data(String name) {
    return root.resolve(DATA).resolve(name);
  }

  private String serviceLog() {
    Path log = data("services/k3s.log");
    return Files.isRegularFile(log) ? Launcher.readString(log) : "none";
  }
}
