package io.rancherd.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rancherd.testing.TestPki;
import java.nio.ByteBuffer;
import java.security.cert.Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.Test;

/**
 * TLS handshakes in memory (two SSLEngines, no socket): the certificate a client or the join server
 * presents through {@link OneKeyManager} is the one the other side receives.
 */
class OneKeyManagerTest {

  private final TestPki pki = new TestPki("one-key-test-ca");

  @Test
  void client_presentsItsCertificateToAServerThatRequiresOne() throws Exception {
    TestPki.Issued client = pki.client("probe");
    SSLContext clientContext = SSLContext.getInstance("TLS");
    clientContext.init(
        TlsClients.keyManagers(List.of(client.certificate()), client.keys().getPrivate()),
        new TrustManager[] {TlsClients.trustManager(List.of(pki.ca().certificate()))},
        null);
    SSLEngine server = pki.serverContext(pki.server("127.0.0.1")).createSSLEngine();
    server.setUseClientMode(false);
    server.setNeedClientAuth(true);

    handshake(clientContext.createSSLEngine("127.0.0.1", 6443), server);

    Certificate[] seen = server.getSession().getPeerCertificates();
    assertEquals(client.certificate(), seen[0], "the server received the client's certificate");
  }

  @Test
  void server_presentsItsCertificate_asTheJoinServerDoes() throws Exception {
    TestPki.Issued issued = pki.server("join-server");
    SSLContext serverContext = SSLContext.getInstance("TLS");
    serverContext.init(
        new KeyManager[] {
          new OneKeyManager(
              List.of(issued.certificate(), pki.ca().certificate()), issued.keys().getPrivate())
        },
        null,
        null);
    SSLContext clientContext = SSLContext.getInstance("TLS");
    clientContext.init(
        null, new TrustManager[] {TlsClients.trustManager(List.of(pki.ca().certificate()))}, null);
    SSLEngine server = serverContext.createSSLEngine();
    server.setUseClientMode(false);
    SSLEngine clientEngine = clientContext.createSSLEngine("join-server", 8444);

    handshake(clientEngine, server);

    assertArrayEquals(
        new Certificate[] {issued.certificate(), pki.ca().certificate()},
        clientEngine.getSession().getPeerCertificates());
  }

  @Test
  void anEcKey_isNotOfferedForRsa_andAChainNeedsACertificate() {
    TestPki.Issued client = pki.client("probe");
    OneKeyManager keys =
        new OneKeyManager(List.of(client.certificate()), client.keys().getPrivate());

    assertNull(keys.chooseClientAlias(new String[] {"RSA", "RSASSA-PSS"}, null, null));
    assertEquals(
        client.certificate(),
        keys.getCertificateChain(keys.chooseClientAlias(new String[] {"RSA", "EC"}, null, null))[
            0]);
    assertNull(keys.getPrivateKey("another"));
    assertThrows(
        IllegalArgumentException.class,
        () -> new OneKeyManager(List.of(), client.keys().getPrivate()));
  }

  /** Runs the handshake between the two engines to its end; fails if it does not complete. */
  private static void handshake(SSLEngine client, SSLEngine server) throws SSLException {
    client.setUseClientMode(true);
    int size = Math.max(client.getSession().getPacketBufferSize(), 1 << 15);
    ByteBuffer toServer = ByteBuffer.allocate(size);
    ByteBuffer toClient = ByteBuffer.allocate(size);
    ByteBuffer app = ByteBuffer.allocate(size);
    ByteBuffer none = ByteBuffer.allocate(0);
    client.beginHandshake();
    server.beginHandshake();
    for (int step = 0; step < 200; step++) {
      if (finished(client) && finished(server)) {
        return;
      }
      client.wrap(none, toServer);
      toServer.flip();
      server.unwrap(toServer, app.clear());
      toServer.compact();
      runTasks(server);
      server.wrap(none, toClient);
      toClient.flip();
      client.unwrap(toClient, app.clear());
      toClient.compact();
      runTasks(client);
    }
    throw new AssertionError(
        "handshake did not finish: client "
            + client.getHandshakeStatus()
            + ", server "
            + server.getHandshakeStatus());
  }

  private static boolean finished(SSLEngine engine) {
    HandshakeStatus status = engine.getHandshakeStatus();
    return status == HandshakeStatus.NOT_HANDSHAKING || status == HandshakeStatus.FINISHED;
  }

  private static void runTasks(SSLEngine engine) {
    for (Runnable task = engine.getDelegatedTask();
        task != null;
        task = engine.getDelegatedTask()) {
      task.run();
    }
  }
}
