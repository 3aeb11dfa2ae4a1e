package io.rancherd.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rancherd.join.CaBundle;
import io.rancherd.join.CacertsHandshake;
import io.rancherd.join.FakeSupervisor;
import io.rancherd.join.PeerKey;
import io.rancherd.secret.Secret;
import io.rancherd.testing.TestPki;
import io.rancherd.tls.TlsClients;
import java.net.Proxy;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
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
            0,
            PeerKey.of(TOKEN),
            () -> report,
            ca::get,
            notices::add,
            new SecureRandom(),
            Instant.now());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpPoller poller(String token, String ownId) {
    return poller(server.port(), token, ownId, Optional.empty(), 6443);
  }

  private static HttpPoller poller(
      int port, String token, String ownId, Optional<String> caPin, int supervisorPort) {
    return new HttpPoller(
        port,
        PeerKey.of(new Secret(token)),
        ownId,
        SecureRandom::new,
        Duration.ofSeconds(5),
        new RancherCheck.Pin(caPin, supervisorPort));
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
              "Ignoring 127.0.0.1: its request to the join server does not prove this cluster's token "
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
            .header("Authorization", PeerKey.of(TOKEN).authorization(nonce))
            .header("X-Cattle-Nonce", nonce)
            .build();

    try (Response response = client.newCall(request).execute();
        HttpPoller poller = poller("shared-discovery-token", "client-id")) {
      byte[] body = response.body().bytes();
      assertEquals(
          caPem.endsWith("\n") ? caPem : caPem + "\n", new String(body, StandardCharsets.UTF_8));
      assertTrue(PeerKey.of(TOKEN).proves(nonce, body, response.header("X-Cattle-Hash")));
      assertEquals("server-id", response.header(JoinServer.ID_HEADER));
      assertEquals(Set.of("127.0.0.1"), server.caFetchedBy());
      assertInstanceOf(Poll.Answered.class, poller.pollOne(LOOPBACK));
    }
  }

  @Test
  void rancherLookingAnswerWithoutAPinnedCaIsIgnoredNotFollowed() throws Exception {
    try (FakeSupervisor rancher = new FakeSupervisor(new TestPki("rancher"), "pw");
        HttpPoller poller =
            poller(port(rancher), TOKEN.reveal(), "client-id", Optional.empty(), port(rancher))) {
      Poll poll = poller.pollOne(LOOPBACK);

      assertTrue(
          assertInstanceOf(Poll.Rejected.class, poll)
              .cause()
              .startsWith(
                  "it answers like Rancher (HTTP 200 without a rancherd id), but nothing proves"),
          poll.toString());
      assertFalse(rancher.received(TOKEN.reveal()), "the token is never sent to it");
      assertFalse(
          rancher.received(CacertsHandshake.authorization(TOKEN).substring("Bearer ".length())),
          "nor Rancher's static bearer, a fast oracle for guessing the token");
    }
  }

  @Test
  void rancherIsFollowedOnlyWhenItsSupervisorServesThePinnedCa() throws Exception {
    TestPki cluster = new TestPki("cluster");
    try (FakeSupervisor rancher = new FakeSupervisor(cluster, "pw");
        HttpPoller pinned =
            poller(
                port(rancher),
                TOKEN.reveal(),
                "client-id",
                Optional.of(CaBundle.of(cluster.caPem().getBytes(StandardCharsets.UTF_8)).hash()),
                port(rancher));
        HttpPoller otherPin =
            poller(
                port(rancher),
                TOKEN.reveal(),
                "client-id",
                Optional.of("0".repeat(64)),
                port(rancher))) {
      assertInstanceOf(Poll.Rancher.class, pinned.pollOne(LOOPBACK));
      assertTrue(
          assertInstanceOf(Poll.Rejected.class, otherPin.pollOne(LOOPBACK))
              .cause()
              .contains("is not the one the token or caChecksum pins"));
    }
  }

  @Test
  void aReplayedRequestAndRanchersStaticBearerAreRefused() throws Exception {
    String nonce = CacertsHandshake.nonce(new SecureRandom());
    OkHttpClient client =
        TlsClients.insecureForHealthChecks(Duration.ofSeconds(5))
            .newBuilder()
            .proxy(Proxy.NO_PROXY)
            .build();
    Request proven =
        new Request.Builder()
            .url("https://127.0.0.1:" + server.port() + "/cacerts")
            .header("Authorization", PeerKey.of(TOKEN).authorization(nonce))
            .header("X-Cattle-Nonce", nonce)
            .header("Accept", "application/json")
            .build();
    Request ranchers =
        proven
            .newBuilder()
            .header("Authorization", CacertsHandshake.authorization(TOKEN))
            .header("X-Cattle-Nonce", CacertsHandshake.nonce(new SecureRandom()))
            .build();

    try (Response first = client.newCall(proven).execute();
        Response replayed = client.newCall(proven).execute();
        Response bearer = client.newCall(ranchers).execute()) {
      assertEquals(200, first.code());
      assertEquals(401, replayed.code(), "the same request again is a replay");
      assertEquals(401, bearer.code(), "Rancher's static bearer is not a proof between peers");
    }
  }

  @Test
  void slowAndFloodingClientsOfOneAddressDoNotStarveAPeer() throws Exception {
    // 127.0.0.2 trickles, idles and floods; the peer polls from 127.0.0.1
    List<java.net.Socket> attackers = new ArrayList<>();
    try (HttpPoller poller = poller("shared-discovery-token", "client-id")) {
      for (int i = 0; i < 200; i++) {
        java.net.Socket socket = new java.net.Socket();
        socket.bind(new java.net.InetSocketAddress("127.0.0.2", 0));
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", server.port()), 2000);
        socket.getOutputStream().write(0x16);
        attackers.add(socket);
      }
      int answered = 0;
      for (int i = 0; i < 10; i++) {
        if (poller.pollOne(LOOPBACK) instanceof Poll.Answered) {
          answered++;
        }
      }
      assertEquals(10, answered, "every poll of the peer is answered");
    } finally {
      for (java.net.Socket socket : attackers) {
        socket.close();
      }
    }
  }

  @Test
  void anEmptyRequestHeadIsClosedWithoutAnAnswerAndTheServerGoesOn() throws Exception {
    javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
    context.init(null, new javax.net.ssl.TrustManager[] {TlsClients.trustingAnything()}, null);
    javax.net.ssl.SSLSocket socket =
        (javax.net.ssl.SSLSocket)
            context.getSocketFactory().createSocket("127.0.0.1", server.port());
    try (socket) {
      socket.getOutputStream().write("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      assertEquals(-1, socket.getInputStream().read(), "closed without an answer");
    }
    try (HttpPoller poller = poller("shared-discovery-token", "client-id")) {
      assertInstanceOf(Poll.Answered.class, poller.pollOne(LOOPBACK));
    }
  }

  @Test
  void pollsOfAPeerWithTheTokenShareOneConnectionSoOneTlsHandshake() throws Exception {
    try (CountingProxy proxy = new CountingProxy(server.port());
        HttpPoller poller =
            poller(proxy.port(), TOKEN.reveal(), "client-id", Optional.empty(), 6443)) {
      for (int i = 0; i < 20; i++) {
        assertInstanceOf(Poll.Answered.class, poller.pollOne(LOOPBACK));
      }

      assertEquals(1, proxy.connections(), "20 polls over one kept-alive connection");
    }
  }

  @Test
  void aNodeWithAnotherTokenGetsNoKeptConnection() throws Exception {
    try (CountingProxy proxy = new CountingProxy(server.port());
        HttpPoller poller =
            poller(proxy.port(), "another-token", "client-id", Optional.empty(), 6443)) {
      for (int i = 0; i < 3; i++) {
        assertInstanceOf(Poll.Rejected.class, poller.pollOne(LOOPBACK));
      }

      assertEquals(3, proxy.connections(), "closed after each refusal: a new handshake each time");
    }
  }

  @Test
  void aPollCarryingAChangedViewWakesTheServer() throws Exception {
    AtomicInteger woken = new AtomicInteger();
    server.onPeerViewChange(woken::incrementAndGet);
    AtomicReference<String> view = new AtomicReference<>("1f");
    try (HttpPoller poller = poller("shared-discovery-token", "client-id");
        HttpPoller stranger = poller("another-token", "stranger-id")) {
      poller.tellView(view::get);
      stranger.tellView(() -> "99");
      poller.pollOne(LOOPBACK);
      poller.pollOne(LOOPBACK);
      view.set("2e");
      poller.pollOne(LOOPBACK);
      stranger.pollOne(LOOPBACK);
      stranger.pollOne(LOOPBACK);
    }

    assertEquals(
        2,
        woken.get(),
        "the first digest and the changed one; the same digest again and polls without the token "
            + "wake nothing");
  }

  private static int port(FakeSupervisor supervisor) {
    return java.net.URI.create(supervisor.url()).getPort();
  }

  @Test
  void nothingListeningIsAFailedPollNamingTheCause() throws Exception {
    int port = server.port();
    server.close();
    try (HttpPoller poller = poller(port, TOKEN.reveal(), "client-id", Optional.empty(), 6443)) {
      Poll poll = poller.pollOne(LOOPBACK);
      assertTrue(
          assertInstanceOf(Poll.Failed.class, poll).cause().contains("Failed to connect"),
          ((Poll.Failed) poll).cause());
    }
  }
}
