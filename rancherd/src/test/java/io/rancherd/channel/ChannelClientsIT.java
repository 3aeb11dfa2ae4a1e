package io.rancherd.channel;

import static io.rancherd.testing.LocalHttpsServer.answer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.rancherd.download.DownloadClient;
import io.rancherd.download.DownloadException;
import io.rancherd.download.DownloadException.Reason;
import io.rancherd.runtime.Runtime;
import io.rancherd.testing.LocalHttpsServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kubernetesVersion and rancherVersion resolvers against real HTTPS servers on 127.0.0.1 with
 * BouncyCastle-made certificates, asserting the messages a user would read.
 */
class ChannelClientsIT {

  static final String K3S_OFFLINE_FIX =
      "; this node looks offline: set kubernetesVersion to an exact version such as"
          + " v1.30.2+k3s1, or install from airgapArtifactsDir";

  @TempDir Path dir;
  final LocalHttpsServer server = new LocalHttpsServer();
  final List<AutoCloseable> extras = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    server.close();
    for (AutoCloseable extra : extras) {
      extra.close();
    }
  }

  // --- kubernetesVersion channels -------------------------------------------------------------

  @Test
  void channel_redirectGivesTheVersionAndIsAskedOnce() throws Exception {
    server.on(
        "/v1-release/channels/stable",
        answer(
            302,
            Map.of("Location", "https://github.com/k3s-io/k3s/releases/tag/v1.30.2+k3s1"),
            ""));
    ChannelResolver resolver = new ChannelResolver(server.trustingClient());
    String channel = server.url("/v1-release/channels/stable");

    assertEquals("v1.30.2+k3s1", resolver.resolve(channel));
    assertEquals("v1.30.2+k3s1", resolver.resolve(channel));
    assertEquals(1, server.requests.get(), "the second resolve uses the first answer");
  }

  @Test
  void channel_percentEncodedPlusIsDecoded() throws Exception {
    server.on(
        "/v1-release/channels/v1.29",
        answer(
            302,
            Map.of("Location", "https://github.com/rancher/rke2/releases/tag/v1.29.6%2Brke2r1"),
            ""));

    String version =
        new ChannelResolver(server.trustingClient())
            .resolve(server.url("/v1-release/channels/v1.29"));

    assertEquals("v1.29.6+rke2r1", version);
    assertEquals(Runtime.RKE2, Runtime.forVersion(version));
  }

  @Test
  void channel_answering200WithoutRedirectAsksAboutTheName() throws Exception {
    server.on(
        "/v1-release/channels/stable",
        answer(200, Map.of("Content-Type", "text/html"), "<html>channels</html>"));
    String channel = server.url("/v1-release/channels/stable");

    DownloadException e =
        assertThrows(
            DownloadException.class,
            () -> new ChannelResolver(server.trustingClient()).resolve(channel));

    assertEquals(
        "resolving the kubernetesVersion channel "
            + channel
            + ": answered 200 OK without a redirect to a release; is the channel name right?",
        e.getMessage());
    assertEquals(Reason.BAD_ANSWER, e.reason());
  }

  @Test
  void channel_404SaysThereIsNoSuchChannel() throws Exception {
    server.on("/v1-release/channels/", answer(404, Map.of(), "not found"));
    String channel = server.url("/v1-release/channels/stabel");

    DownloadException e =
        assertThrows(
            DownloadException.class,
            () -> new ChannelResolver(server.trustingClient()).resolve(channel));

    assertTrue(
        e.getMessage()
            .endsWith(
                ": answered 404: no channel named \"stabel\"; channels are stable, latest,"
                    + " testing or v1.<minor> (such as v1.30)"),
        e.getMessage());
  }

  @Test
  void channel_redirectToSomethingThatIsNotAReleaseIsRejected() throws Exception {
    server.on(
        "/v1-release/channels/stable",
        answer(302, Map.of("Location", "https://github.com/k3s-io/k3s/releases"), ""));
    String channel = server.url("/v1-release/channels/stable");

    DownloadException e =
        assertThrows(
            DownloadException.class,
            () -> new ChannelResolver(server.trustingClient()).resolve(channel));

    assertTrue(
        e.getMessage()
            .endsWith(
                ": redirected to \"https://github.com/k3s-io/k3s/releases\", whose last path"
                    + " segment \"releases\" is not a version such as v1.30.2+k3s1"),
        e.getMessage());
  }

  @Test
  void channel_redirectWithoutLocationIsRejected() throws Exception {
    server.on("/v1-release/channels/stable", answer(302, Map.of(), ""));
    String channel = server.url("/v1-release/channels/stable");

    DownloadException e =
        assertThrows(
            DownloadException.class,
            () -> new ChannelResolver(server.trustingClient()).resolve(channel));

    assertTrue(e.getMessage().contains(channel + ": answered 302 "), e.getMessage());
    assertTrue(
        e.getMessage().endsWith(" without a Location header; is this a channel server?"),
        e.getMessage());
  }

  @Test
  void channel_refusedConnectionSaysOfflineAndNamesTheExactVersionFix() throws Exception {
    String channel = "https://127.0.0.1:" + closedPort() + "/v1-release/channels/stable";

    DownloadException e =
        assertThrows(
            DownloadException.class,
            () -> new ChannelResolver(DownloadClient.client(Map.of())).resolve(channel));

    assertTrue(
        e.getMessage()
            .startsWith(
                "resolving the kubernetesVersion channel " + channel + ": cannot connect ("),
        e.getMessage());
    assertTrue(e.getMessage().endsWith(K3S_OFFLINE_FIX), e.getMessage());
    assertEquals(Reason.OFFLINE, e.reason());
  }

  @Test
  void channel_dnsFailureOnTheDefaultChannelSaysOffline() throws Exception {
    OkHttpClient noDns =
        DownloadClient.client(Map.of())
            .newBuilder()
            .dns(
                host -> {
                  throw new UnknownHostException(host + ": Temporary failure in name resolution");
                })
            .build();

    DownloadException e =
        assertThrows(DownloadException.class, () -> new ChannelResolver(noDns).resolve(""));

    assertEquals(
        "resolving kubernetesVersion \"stable\" through https://update.k3s.io/v1-release/channels/stable:"
            + " cannot resolve host update.k3s.io (update.k3s.io: Temporary failure in name resolution)"
            + K3S_OFFLINE_FIX,
        e.getMessage());
  }

  @Test
  void channel_rke2OfflineFixNamesAnRke2Version() throws Exception {
    OkHttpClient noDns =
        DownloadClient.client(Map.of())
            .newBuilder()
            .dns(
                host -> {
                  throw new UnknownHostException(host);
                })
            .build();

    DownloadException e =
        assertThrows(
            DownloadException.class, () -> new ChannelResolver(noDns).resolve("v1.30:rke2"));

    assertTrue(
        e.getMessage()
            .startsWith(
                "resolving kubernetesVersion \"v1.30:rke2\" through"
                    + " https://update.rke2.io/v1-release/channels/v1.30: cannot resolve host update.rke2.io"),
        e.getMessage());
    assertTrue(
        e.getMessage().endsWith("such as v1.30.2+rke2r1, or install from airgapArtifactsDir"),
        e.getMessage());
  }

  @Test
  void channel_silentServerTimesOut() throws Exception {
    ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    extras.add(silent);
    List<Socket> accepted = new ArrayList<>();
    Thread acceptor =
        new Thread(
            () -> {
              try {
                while (true) {
                  accepted.add(silent.accept());
                }
              } catch (Exception e) {
                // closed at the end of the test
              }
            });
    acceptor.setDaemon(true);
    acceptor.start();
    OkHttpClient impatient =
        server.trustingClient().newBuilder().readTimeout(Duration.ofMillis(300)).build();
    String channel = "https://127.0.0.1:" + silent.getLocalPort() + "/v1-release/channels/stable";

    DownloadException e =
        assertThrows(
            DownloadException.class, () -> new ChannelResolver(impatient).resolve(channel));

    assertTrue(e.getMessage().contains(channel + ": timed out ("), e.getMessage());
    assertTrue(e.getMessage().endsWith(K3S_OFFLINE_FIX), e.getMessage());
  }

  @Test
  void channel_untrustedCertificateSaysSoAndNamesTheProxyFix() throws Exception {
    server.on(
        "/v1-release/channels/stable",
        answer(302, Map.of("Location", "https://x/tag/v1.30.2+k3s1"), ""));
    String channel = server.url("/v1-release/channels/stable");

    DownloadException e =
        assertThrows(
            DownloadException.class,
            () -> new ChannelResolver(DownloadClient.client(Map.of())).resolve(channel));

    assertTrue(
        e.getMessage()
            .startsWith(
                "resolving the kubernetesVersion channel "
                    + channel
                    + ": the server's certificate is not trusted: "),
        e.getMessage());
    assertTrue(
        e.getMessage()
            .endsWith("; if a proxy intercepts TLS, add its CA to the system trust store"),
        e.getMessage());
    assertEquals(Reason.TLS, e.reason());
    assertEquals(0, server.requests.get());
  }

  @Test
  void channel_throughAnAuthenticatingProxyFromTheEnvironment() throws Exception {
    AtomicReference<String> seenUri = new AtomicReference<>();
    HttpServer proxy =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    extras.add(() -> proxy.stop(0));
    String expected =
        "Basic "
            + Base64.getEncoder().encodeToString("edge:s3cret".getBytes(StandardCharsets.UTF_8));
    proxy.createContext(
        "/",
        exchange -> {
          if (!expected.equals(exchange.getRequestHeaders().getFirst("Proxy-Authorization"))) {
            LocalHttpsServer.respond(
                exchange, 407, Map.of("Proxy-Authenticate", "Basic realm=\"corp\""), new byte[0]);
            return;
          }
          seenUri.set(exchange.getRequestURI().toString());
          LocalHttpsServer.respond(
              exchange,
              302,
              Map.of("Location", "https://github.com/k3s-io/k3s/releases/tag/v1.31.1%2Bk3s1"),
              new byte[0]);
        });
    proxy.start();
    Map<String, String> env =
        Map.of("http_proxy", "http://edge:s3cret@127.0.0.1:" + proxy.getAddress().getPort());

    String version =
        new ChannelResolver(DownloadClient.client(env))
            .resolve("http://update.example.invalid/v1-release/channels/latest");

    assertEquals("v1.31.1+k3s1", version);
    assertEquals("http://update.example.invalid/v1-release/channels/latest", seenUri.get());
  }

  @Test
  void channel_unreachableProxyIsNamedInTheMessage() throws Exception {
    int port = closedPort();
    Map<String, String> env = Map.of("HTTPS_PROXY", "http://user:pw@127.0.0.1:" + port);

    DownloadException e =
        assertThrows(
            DownloadException.class,
            () -> new ChannelResolver(DownloadClient.client(env)).resolve("stable"));

    assertTrue(
        e.getMessage()
            .startsWith(
                "resolving kubernetesVersion \"stable\" through"
                    + " https://update.k3s.io/v1-release/channels/stable: cannot connect through proxy 127.0.0.1:"
                    + port
                    + " ("),
        e.getMessage());
    assertTrue(!e.getMessage().contains("pw"), "no proxy password in messages: " + e.getMessage());
  }

  // --- rancherVersion ---------------------------------------------------------------------------

  static final String INDEX =
      """
      apiVersion: v1
      entries:
        rancher:
        - name: rancher
          version: 2.7.10
          urls: [rancher-2.7.10.tgz]
        - name: rancher
          version: 2.8.5
        - name: rancher
          version: 2.9.0-rc1
        - name: rancher
          version: 2.8.10
        - name: rancher
          version: 2.8.9
      generated: "2024-06-21T00:00:00Z"
      """;

  @Test
  void rancher_channelTakesTheHighestReleaseFromAnUnorderedIndex() throws Exception {
    server.on("/charts/index.yaml", answer(200, Map.of("Content-Type", "text/yaml"), INDEX));
    RancherVersionResolver resolver = new RancherVersionResolver(server.trustingClient());

    RancherRelease stable = resolver.resolve("stable", Optional.of(server.url("/charts/")));
    RancherRelease alpha = resolver.resolve("alpha", Optional.of(server.url("/charts")));

    assertEquals(new RancherRelease(server.url("/charts"), "2.8.10"), stable);
    assertEquals("v2.8.10", stable.imageTag());
    assertEquals("2.9.0-rc1", alpha.version(), "alpha includes pre-releases");
  }

  @Test
  void rancher_malformedIndexNamesTheUrl() throws Exception {
    server.on(
        "/charts/index.yaml", answer(200, Map.of(), "entries:\n  rancher:\n  - version: [2.8.5\n"));
    String index = server.url("/charts/index.yaml");

    DownloadException e =
        assertThrows(
            DownloadException.class,
            () ->
                new RancherVersionResolver(server.trustingClient())
                    .resolve("latest", Optional.of(server.url("/charts"))));

    assertTrue(
        e.getMessage()
            .startsWith(
                "resolving rancherVersion \"latest\" through "
                    + index
                    + ": the answer is not valid YAML ("),
        e.getMessage());
  }

  @Test
  void rancher_missingIndexPointsAtTheRepositorySetting() throws Exception {
    server.on("/", answer(404, Map.of(), ""));

    DownloadException e =
        assertThrows(
            DownloadException.class,
            () ->
                new RancherVersionResolver(server.trustingClient())
                    .resolve("stable", Optional.of(server.url("/nothing"))));

    assertTrue(
        e.getMessage()
            .endsWith(
                ": answered 404 Not Found: there is no Helm repository index there; check"
                    + " rancherChartRepository"),
        e.getMessage());
  }

  @Test
  void rancher_offlineNamesTheExactVersionFix() throws Exception {
    String repository = "https://127.0.0.1:" + closedPort() + "/server-charts/stable";

    DownloadException e =
        assertThrows(
            DownloadException.class,
            () ->
                new RancherVersionResolver(DownloadClient.client(Map.of()))
                    .resolve("", Optional.of(repository)));

    assertTrue(
        e.getMessage()
            .startsWith(
                "resolving rancherVersion \"stable\" through "
                    + repository
                    + "/index.yaml: cannot connect ("),
        e.getMessage());
    assertTrue(
        e.getMessage()
            .endsWith(
                "; this node looks offline: set rancherVersion to an exact version such as v2.8.5"),
        e.getMessage());
  }

  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
