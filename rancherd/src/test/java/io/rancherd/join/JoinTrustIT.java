package io.rancherd.join;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.rancherd.config.TrustConfig;
import io.rancherd.runtime.Runtime;
import io.rancherd.secret.Secret;
import io.rancherd.testing.FakeClock;
import io.rancherd.testing.TestPki;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Join trust against real HTTPS servers on loopback with certificates made by BouncyCastle: what
 * verifies the CA, what stops a join, and that a server which is not verified never receives the
 * token.
 */
class JoinTrustIT {

  private static final String PASSWORD = "join-it-password-4711";

  private final TestPki cluster = new TestPki("k3s-server-ca@1");
  private final List<String> progress = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();
  private final List<AutoCloseable> servers = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable server : servers) {
      server.close();
    }
  }

  private FakeSupervisor supervisor(TestPki pki) {
    FakeSupervisor supervisor = new FakeSupervisor(pki, PASSWORD);
    servers.add(supervisor);
    return supervisor;
  }

  private JoinTrust trust(FakeClock clock, Duration serverWait) {
    return new JoinTrust(
        clock,
        clock.sleeper(),
        new JoinTrust.Output(progress::add, warnings::add),
        JoinTrust.timing(serverWait),
        Duration.ofSeconds(5),
        SecureRandom::new);
  }

  private JoinTrust.Trusted join(FakeSupervisor supervisor, String token, TrustConfig config)
      throws Exception {
    return trust(new FakeClock(), Duration.ofSeconds(30))
        .establish(new JoinTarget(supervisor.url(), Runtime.K3S, false), new Secret(token), config);
  }

  private String clusterHash() {
    return CaBundle.sha256(cluster.caPem().getBytes(StandardCharsets.UTF_8));
  }

  private String secureToken() {
    return "K10" + clusterHash() + "::server:" + PASSWORD;
  }

  @Test
  void matchingK10TokenProceedsAndPinsTheCa() throws Exception {
    FakeSupervisor supervisor = supervisor(cluster);

    JoinTrust.Trusted trusted = join(supervisor, secureToken(), TrustConfig.DEFAULTS);

    assertEquals(JoinTrust.Source.TOKEN, trusted.source());
    assertEquals(clusterHash(), trusted.caHash());
    assertEquals(secureToken(), trusted.pinnedToken().reveal());
    assertEquals(List.of("/cacerts", "/cacerts", "/v1-k3s/readyz"), supervisor.paths());
    assertFalse(
        supervisor.seen.get(0).headers().containsKey("Authorization"),
        "credentials sent before the CA was verified");
    assertTrue(warnings.isEmpty(), warnings::toString);
  }

  @Test
  void serverPresentingAnotherCaStopsTheJoinAndNeverReceivesTheToken() {
    FakeSupervisor impostor = supervisor(new TestPki("k3s-server-ca@2"));
    JoinTrustException e =
        assertThrows(
            JoinTrustException.class, () -> join(impostor, secureToken(), TrustConfig.DEFAULTS));

    String served = CaBundle.sha256(impostor.cacertsBody());
    assertEquals(
        "CA checksum mismatch for "
            + impostor.url()
            + ": server presented sha256 "
            + served
            + ", token expects "
            + clusterHash()
            + " — wrong server, a re-installed server, or a man in the middle; the "
            + "token was not sent; fix: take the token (or caChecksum) from `rancherd get-token` on a server of the "
            + "cluster to join",
        e.getMessage());
    assertNeverReceivedTheToken(impostor);
  }

  @Test
  void impostorServingTheRealCaBytesIsCaughtByItsCertificate() {
    FakeSupervisor impostor =
        supervisor(new TestPki("mitm-ca"))
            .serving(cluster.caPem().getBytes(StandardCharsets.UTF_8));

    JoinTrustException e =
        assertThrows(
            JoinTrustException.class, () -> join(impostor, secureToken(), TrustConfig.DEFAULTS));

    assertTrue(
        e.getMessage()
            .startsWith(
                "the TLS certificate of "
                    + impostor.url()
                    + " is not valid for the CA it "
                    + "serves at /cacerts: "),
        e.getMessage());
    assertNeverReceivedTheToken(impostor);
  }

  @Test
  void caChecksumVerifiesAShortToken() throws Exception {
    FakeSupervisor supervisor = supervisor(cluster);

    JoinTrust.Trusted trusted =
        join(supervisor, PASSWORD, new TrustConfig(Optional.of(clusterHash()), true));

    assertEquals(JoinTrust.Source.CA_CHECKSUM, trusted.source());
    assertEquals(
        secureToken(),
        trusted.pinnedToken().reveal(),
        "the runtime gets a token pinned to the verified CA");
    assertTrue(warnings.isEmpty(), warnings::toString);
  }

  @Test
  void caChecksumMismatchStopsTheJoin() {
    FakeSupervisor supervisor = supervisor(cluster);
    String other = "ab".repeat(32);

    JoinTrustException e =
        assertThrows(
            JoinTrustException.class,
            () -> join(supervisor, PASSWORD, new TrustConfig(Optional.of(other), false)));

    assertTrue(
        e.getMessage()
            .startsWith(
                "CA checksum mismatch for "
                    + supervisor.url()
                    + ": server presented sha256 "
                    + clusterHash()
                    + ", caChecksum expects "
                    + other
                    + " — wrong server"),
        e.getMessage());
    assertNeverReceivedTheToken(supervisor);
  }

  @Test
  void shortTokenAloneIsTrustedOnFirstUseWithAWarning() throws Exception {
    FakeSupervisor supervisor = supervisor(cluster);

    JoinTrust.Trusted trusted = join(supervisor, PASSWORD, TrustConfig.DEFAULTS);

    assertEquals(JoinTrust.Source.FIRST_USE, trusted.source());
    assertEquals(
        List.of(
            "NOT VERIFIED: trusting the CA of "
                + supervisor.url()
                + " (sha256 "
                + clusterHash()
                + ") on first use, because the token is a short token (no K10 CA hash) and caChecksum is not set: a man in "
                + "the middle could pose as the server. To verify, use the secure token `rancherd get-token` prints on a "
                + "server (K10<hash>::server:<password>), or set caChecksum: sha256:"
                + clusterHash()
                + " after checking "
                + "that value on the server; requireVerifiedCa: true refuses unverified joins"),
        warnings);
  }

  @Test
  void shortTokenAloneIsRefusedWhenVerificationIsRequired() {
    FakeSupervisor supervisor = supervisor(cluster);

    JoinTrustException e =
        assertThrows(
            JoinTrustException.class,
            () -> join(supervisor, PASSWORD, new TrustConfig(Optional.empty(), true)));

    assertTrue(
        e.getMessage()
            .startsWith(
                "refusing to join "
                    + supervisor.url()
                    + ": nothing verifies the CA it presents"
                    + " (sha256 "
                    + clusterHash()
                    + "): the token is a short token (no K10 CA hash) and caChecksum is not set, and "
                    + "requireVerifiedCa is true; fix: "),
        e.getMessage());
    assertNeverReceivedTheToken(supervisor);
  }

  @Test
  void serverFoundByDiscoveryIsNeverTrustedOnFirstUse() {
    FakeSupervisor supervisor = supervisor(cluster);

    JoinTrustException e =
        assertThrows(
            JoinTrustException.class,
            () ->
                trust(new FakeClock(), Duration.ofSeconds(30))
                    .establish(
                        JoinTarget.discovered(
                            supervisor.url(), Runtime.K3S, false, Optional.empty()),
                        new Secret(PASSWORD),
                        TrustConfig.DEFAULTS));

    assertTrue(
        e.getMessage()
            .startsWith(
                "refusing to join "
                    + supervisor.url()
                    + ", found by discovery: nothing verifies the CA it presents (sha256 "
                    + clusterHash()
                    + "): the token is a short token (no K10 CA hash) and caChecksum is not set, and "
                    + "a join found by discovery is never trusted on first use; fix: "),
        e.getMessage());
    assertTrue(warnings.isEmpty(), warnings.toString());
    assertNeverReceivedTheToken(supervisor);
  }

  @Test
  void joinServerHandshakeVerifiesAShortToken() throws Exception {
    FakeSupervisor supervisor = supervisor(cluster);
    String joinServer =
        joinServer(
            new CacertsHandler(
                () -> cluster.caPem().getBytes(StandardCharsets.UTF_8),
                PeerKey.of(new Secret(PASSWORD))));

    JoinTrust.Trusted trusted =
        trust(new FakeClock(), Duration.ofSeconds(30))
            .establish(
                JoinTarget.discovered(supervisor.url(), Runtime.K3S, true, Optional.of(joinServer)),
                new Secret(PASSWORD),
                new TrustConfig(Optional.empty(), true));

    assertEquals(JoinTrust.Source.HANDSHAKE, trusted.source());
  }

  @Test
  void joinServerAnsweringAWrongHashIsRefused() {
    FakeSupervisor supervisor = supervisor(cluster);
    byte[] ca = cluster.caPem().getBytes(StandardCharsets.UTF_8);
    String joinServer =
        joinServer(
            FakeSupervisor.answering(
                200,
                Map.of(
                    CacertsHandshake.HASH_HEADER,
                    PeerKey.of(new Secret("not-the-token")).hash("n", ca)),
                ca));

    JoinTrustException e =
        assertThrows(JoinTrustException.class, () -> handshakeJoin(supervisor, joinServer));

    assertEquals(
        "the join server "
            + joinServer
            + " answered a wrong X-Cattle-Hash: it does not hold this token, or "
            + "the answer was altered on the way; the CA is not trusted; fix: give every node the"
            + " same token, and check the network path between the nodes",
        e.getMessage());
    assertNeverReceivedTheToken(supervisor);
  }

  @Test
  void joinServerAnsweringNoHashIsRefused() {
    FakeSupervisor supervisor = supervisor(cluster);
    String joinServer =
        joinServer(
            FakeSupervisor.answering(
                200, Map.of(), cluster.caPem().getBytes(StandardCharsets.UTF_8)));

    JoinTrustException e =
        assertThrows(JoinTrustException.class, () -> handshakeJoin(supervisor, joinServer));

    assertEquals(
        "the join server "
            + joinServer
            + " did not prove that it knows the token (its /cacerts answer has "
            + "no X-Cattle-Hash): it is not a peer of this cluster, or its token differs; fix: give"
            + " every node the same token (rancherd get-token on a server prints it)",
        e.getMessage());
    assertNeverReceivedTheToken(supervisor);
  }

  @Test
  void wrongPasswordIsRejectedAfterTheCaIsVerified() {
    FakeSupervisor supervisor = supervisor(cluster);
    String wrong = "K10" + clusterHash() + "::server:wrong-password";

    JoinTrustException e =
        assertThrows(JoinTrustException.class, () -> join(supervisor, wrong, TrustConfig.DEFAULTS));

    assertEquals(
        "the k3s supervisor "
            + supervisor.url()
            + " rejected the token (HTTP 401 for user node): it is not "
            + "this cluster's token; fix: use the token `rancherd get-token` prints on a server of that cluster",
        e.getMessage());
  }

  @Test
  void unreachableServerIsAwaitedWithProgressLinesThenNamed() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    String url = "https://127.0.0.1:" + port;
    FakeClock clock = new FakeClock();

    JoinTrustException e =
        assertThrows(
            JoinTrustException.class,
            () ->
                trust(clock, Duration.ofSeconds(60))
                    .establish(
                        new JoinTarget(url, Runtime.K3S, false),
                        new Secret(secureToken()),
                        TrustConfig.DEFAULTS));

    assertEquals(
        Duration.ofSeconds(60),
        Duration.between(FakeClock.START, clock.instant()),
        "waited the whole --server-wait");
    assertTrue(progress.size() >= 2, progress::toString);
    long previous = 0;
    for (String line : progress) {
      assertTrue(line.startsWith("waiting for the k3s supervisor " + url + " (last error: "), line);
      assertTrue(line.contains("127.0.0.1:" + port), line);
      long waited = Long.parseLong(line.replaceAll(".*\\), ([0-9]+) s$", "$1"));
      // Checks are jittered (at most 10 s apart); a line comes at the first check 10 s after the
      // last one.
      assertTrue(
          waited - previous >= 10 && waited - previous <= 20,
          "a line every 10 to 20 s: " + progress);
      previous = waited;
    }
    assertTrue(
        e.getMessage().startsWith("reaching the k3s supervisor " + url + ": "), e.getMessage());
    assertTrue(
        e.getMessage().contains("127.0.0.1:" + port)
            && e.getMessage().contains("(waited 60 s); fix: "),
        e.getMessage());
  }

  @Test
  void serverOfTheOtherRuntimeIsNamedInOneLine() throws Exception {
    servers.add(new FakeSupervisor(new TestPki("rke2-server-ca"), PASSWORD, "127.0.0.3", 9345));

    JoinTrustException e =
        assertThrows(
            JoinTrustException.class,
            () ->
                trust(new FakeClock(), Duration.ofSeconds(30))
                    .establish(
                        new JoinTarget("https://127.0.0.3:6443", Runtime.K3S, false),
                        new Secret(PASSWORD),
                        TrustConfig.DEFAULTS));

    assertEquals(
        "127.0.0.3 runs rke2, not k3s: its rke2 supervisor answers at https://127.0.0.3:9345 and nothing "
            + "serves k3s at https://127.0.0.3:6443; fix: set kubernetesVersion to the server's rke2 version (a rke2 "
            + "version such as v1.30.2+rke2r1)",
        e.getMessage());
  }

  private JoinTrust.Trusted handshakeJoin(FakeSupervisor supervisor, String joinServer)
      throws Exception {
    return trust(new FakeClock(), Duration.ofSeconds(30))
        .establish(
            JoinTarget.discovered(supervisor.url(), Runtime.K3S, false, Optional.of(joinServer)),
            new Secret(PASSWORD),
            TrustConfig.DEFAULTS);
  }

  /**
   * A join server on loopback with its own self-signed certificate, answering /cacerts with {@code
   * handler}.
   */
  private String joinServer(HttpHandler handler) {
    TestPki own = new TestPki("rancherd-join-server");
    try {
      HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.setHttpsConfigurator(
          new HttpsConfigurator(own.serverContext(own.server("join-server"))));
      server.createContext("/cacerts", handler);
      server.start();
      servers.add(() -> server.stop(0));
      return "https://127.0.0.1:" + server.getAddress().getPort();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void assertNeverReceivedTheToken(FakeSupervisor supervisor) {
    assertFalse(
        supervisor.receivedCredentials(), () -> "credentials sent to " + supervisor.paths());
    assertFalse(supervisor.received(PASSWORD), "the password reached the server");
  }
}
