package io.rancherd.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rancherd.join.CacertsHandshake;
import io.rancherd.join.FakeSupervisor;
import io.rancherd.secret.Secret;
import io.rancherd.testing.TestPki;
import io.rancherd.tls.TlsClients;
import java.net.Proxy;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The join server and the poller against each other: real TLS on loopback, the token-keyed
 * handshake.
 */
class JoinServerIT {

  private static final Secret TOKEN = new Secret("shared-discovery-token");
  private static final PeerAddress LOOPBACK = PeerAddress.parse("127.0.0.1");

  private final List<String> notices = new CopyOnWriteArrayList<>();
  private final AtomicReference<Optional<byte[]>> ca = new AtomicReference<>(Optional.empty());
  private final PeerReport report =
      new PeerReport(
          "server-id",
          PeerState.DISCOVERING,
          List.of(PeerAddress.parse("10.0.0.9"), PeerAddress.parse("10.0.0.10")),
          Optional.empty());
  private JoinServer server;

  @BeforeEach
  void start() throws Exception {
    server =
        JoinServer.start(
            0, TOKEN, () -> report, ca::get, notices::add, new SecureRandom(), Instant.now());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpPoller poller(String token, String ownId) throws Exception {
    return new HttpPoller(
        server.port(), new Secret(token), ownId, SecureRandom::new, Duration.ofSeconds(5));
  }

  @Test
  void peerWithTheTokenGetsTheDocumentProvenByTheHash() throws Exception {
    try (HttpPoller poller = poller("shared-discovery-token", "client-id")) {
      Poll poll = poller.pollOne(LOOPBACK);

      PeerReport answered = assertInstanceOf(Poll.Answered.class, poll).report();
      assertEquals("server-id", answered.id());
      assertEquals(
          List.of(PeerAddress.parse("10.0.0.9"), PeerAddress.parse("10.0.0.10")), answered.peers());
      assertEquals(PeerState.DISCOVERING, answered.state());
      assertEquals(List.of(), notices);
    }
  }

  @Test
  void nodeWithAnotherTokenIsRefusedBothWaysAndNamedOnce() throws Exception {
    try (HttpPoller poller = poller("another-token", "client-id")) {
      Poll first = poller.pollOne(LOOPBACK);
      Poll second = poller.pollOne(LOOPBACK);

      assertEquals(
          "its join server refuses this cluster's token (HTTP 401)",
          assertInstanceOf(Poll.Rejected.class, first).cause());
      assertInstanceOf(Poll.Rejected.class, second);
      assertEquals(
          List.of(
              "Ignoring 127.0.0.1: its request to the join server does not carry this cluster's token "
                  + "(another token, or not a rancherd of this cluster)"),
          notices);
    }
  }

  @Test
  void ownJoinServerIsRecognizedById() throws Exception {
    try (HttpPoller poller = poller("shared-discovery-token", "server-id")) {
      assertInstanceOf(Poll.Self.class, poller.pollOne(LOOPBACK));
    }
  }

  @Test
  void readyNodeServesTheCaWithTheHashToJoinersAndTheDocumentToPeers() throws Exception {
    String caPem = new TestPki("discovery-ca").caPem();
    ca.set(Optional.of(caPem.getBytes(StandardCharsets.UTF_8)));
    String nonce = CacertsHandshake.nonce(new SecureRandom());
    OkHttpClient client =
        TlsClients.insecureForHealthChecks(Duration.ofSeconds(5))
            .newBuilder()
            .proxy(Proxy.NO_PROXY)
            .build();
    Request request =
        new Request.Builder()
            .url("https://127.0.0.1:" + server.port() + "/cacerts")
            .header("Authorization", CacertsHandshake.authorization(TOKEN))
            .header("X-Cattle-Nonce", nonce)
            .build();

    try (Response response = client.newCall(request).execute();
        HttpPoller poller = poller("shared-discovery-token", "client-id")) {
      byte[] body = response.body().bytes();
      assertEquals(
          caPem.endsWith("\n") ? caPem : caPem + "\n", new String(body, StandardCharsets.UTF_8));
      assertTrue(CacertsHandshake.proves(TOKEN, nonce, body, response.header("X-Cattle-Hash")));
      assertEquals("server-id", response.header(JoinServer.ID_HEADER));
      assertEquals(Set.of("127.0.0.1"), server.caFetchedBy());
      assertInstanceOf(Poll.Answered.class, poller.pollOne(LOOPBACK));
    }
  }

  @Test
  void rancherAnsweringOnTheHostPortIsAnExistingCluster() throws Exception {
    try (FakeSupervisor rancher = new FakeSupervisor(new TestPki("rancher"), "pw");
        HttpPoller poller =
            new HttpPoller(
                java.net.URI.create(rancher.url()).getPort(),
                TOKEN,
                "client-id",
                SecureRandom::new,
                Duration.ofSeconds(5))) {
      assertInstanceOf(Poll.Rancher.class, poller.pollOne(LOOPBACK));
    }
  }

  @Test
  void nothingListeningIsAFailedPollNamingTheCause() throws Exception {
    int port = server.port();
    server.close();
    try (HttpPoller poller =
        new HttpPoller(port, TOKEN, "client-id", SecureRandom::new, Duration.ofSeconds(2))) {
      Poll poll = poller.pollOne(LOOPBACK);
      assertTrue(
          assertInstanceOf(Poll.Failed.class, poll).cause().contains("Failed to connect"),
          ((Poll.Failed) poll).cause());
    }
  }
}
