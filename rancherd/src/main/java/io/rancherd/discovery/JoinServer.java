package io.rancherd.discovery;

import io.rancherd.join.CacertsHandler;
import io.rancherd.join.CacertsHandshake;
import io.rancherd.secret.Secret;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.net.ssl.SSLServerSocket;

/**
 * The join server of a discovering server node: HTTPS on the Rancher host port with a self-signed
 * certificate. {@code GET /cacerts} always carries {@code X-Cattle-Rancherd-Id}; a request that
 * names the token gets this node's peer document (JSON, with {@code X-Cattle-Hash} over it), or,
 * once the node is ready and the client does not ask for JSON, its runtime's CA with the hash, as
 * Rancher's {@code /cacerts} would (the join trust of followers). A request without the token gets
 * 401 and its sender is named once.
 *
 * <p>A plain TLS socket server (not the JDK's HttpsServer, which looks up the client's name in DNS
 * before the handshake and so hangs where the network has no DNS yet, as at first boot).
 */
final class JoinServer implements AutoCloseable {

  public static final String ID_HEADER = CacertsHandshake.RANCHERD_ID_HEADER;
  static final String JSON = "application/json";

  private final ServerSocket socket;
  private final ExecutorService executor;
  private final Secret token;
  private final Supplier<PeerReport> report;
  private final Supplier<Optional<byte[]>> ca;
  private final Consumer<String> notice;
  private final Set<String> refused = ConcurrentHashMap.newKeySet();
  private final Set<String> caFetchedBy = ConcurrentHashMap.newKeySet();

  private JoinServer(
      ServerSocket socket,
      Secret token,
      Supplier<PeerReport> report,
      Supplier<Optional<byte[]>> ca,
      Consumer<String> notice) {
    this.socket = socket;
    this.executor =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread thread = new Thread(r, "join-server");
              thread.setDaemon(true);
              return thread;
            });
    this.token = token;
    this.report = report;
    this.ca = ca;
    this.notice = notice;
  }

  /**
   * Starts listening on {@code port} on every address.
   *
   * @param report the document to answer now
   * @param ca the runtime's CA once the node is ready
   * @param notice where one-time notices go (a node without the token)
   */
  public static JoinServer start(
      int port,
      Secret token,
      Supplier<PeerReport> report,
      Supplier<Optional<byte[]>> ca,
      Consumer<String> notice,
      SecureRandom random,
      Instant now)
      throws IOException {
    SSLServerSocket socket;
    try {
      socket =
          (SSLServerSocket)
              SelfSignedCertificate.sslContext(random, now)
                  .getServerSocketFactory()
                  .createServerSocket(port, 50);
    } catch (GeneralSecurityException e) {
      throw new IOException("making the join server's certificate: " + e.getMessage(), e);
    }
    JoinServer server = new JoinServer(socket, token, report, ca, notice);
    Thread acceptor = new Thread(server::accept, "join-server-accept");
    acceptor.setDaemon(true);
    acceptor.start();
    return server;
  }

  public int port() {
    return socket.getLocalPort();
  }

  /** The addresses that fetched the CA with the token (followers that are about to join). */
  public Set<String> caFetchedBy() {
    return Set.copyOf(caFetchedBy);
  }

  private void accept() {
    while (!socket.isClosed()) {
      try {
        Socket connection = socket.accept();
        executor.execute(() -> serve(connection));
      } catch (IOException e) {
        if (socket.isClosed()) {
          return;
        }
      }
    }
  }

  private void serve(Socket connection) {
    try (connection) {
      connection.setSoTimeout(5000);
      HttpExchange exchange = HttpExchange.read(connection.getInputStream());
      respond(exchange, connection.getInetAddress().getHostAddress())
          .write(connection.getOutputStream());
    } catch (SocketException e) {
      // the peer went away or the handshake failed: nothing to answer
    } catch (IOException e) {
      // a malformed or slow request: the connection is closed
    }
  }

  private HttpExchange.Response respond(HttpExchange request, String from) {
    PeerReport now = report.get();
    String authorization = request.header(CacertsHandshake.AUTHORIZATION_HEADER);
    if (!CacertsHandshake.names(token, authorization)) {
      if (refused.add(from)) {
        notice.accept(
            "Ignoring "
                + from
                + ": its request to the join server does not carry this cluster's token "
                + "(another token, or not a rancherd of this cluster)");
      }
      return new HttpExchange.Response(401, "text/plain", new byte[0]).with(ID_HEADER, now.id());
    }
    Optional<byte[]> served = ca.get();
    String accept = request.header("Accept");
    boolean caRequest =
        served.isPresent()
            && request.path().equals("/cacerts")
            && (accept == null || !accept.contains(JSON));
    byte[] body = caRequest ? CacertsHandler.body(served.get()) : now.toJson();
    if (caRequest) {
      caFetchedBy.add(from);
    }
    HttpExchange.Response response =
        new HttpExchange.Response(200, caRequest ? "text/plain" : JSON, body)
            .with(ID_HEADER, now.id());
    Optional<String> hash =
        CacertsHandshake.answer(
            token, authorization, request.header(CacertsHandshake.NONCE_HEADER), body);
    return hash.isPresent() ? response.with(CacertsHandshake.HASH_HEADER, hash.get()) : response;
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing a listening socket: nothing to do about it
    }
    executor.shutdownNow();
  }
}
