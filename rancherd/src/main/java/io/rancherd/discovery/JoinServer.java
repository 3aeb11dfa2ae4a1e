package io.rancherd.discovery;

import io.rancherd.join.CacertsHandler;
import io.rancherd.join.CacertsHandshake;
import io.rancherd.join.PeerKey;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The join server of a discovering server node: HTTPS on the Rancher host port with a self-signed
 * certificate. {@code GET /cacerts} always carries {@code X-Cattle-Rancherd-Id}; a request that
 * proves the token for its nonce ({@link PeerKey}) gets this node's peer document (JSON, with
 * {@code X-Cattle-Hash} over it), or, once the node is ready and the client does not ask for JSON,
 * its runtime's CA with the hash (the join trust of followers). A request without that proof, or
 * with a nonce already used, gets 401 and its sender is named once.
 *
 * <p>Bounded against slow and flooding clients (docs/discovery.md §10): every connection has a
 * deadline for its whole life ({@value #DEADLINE_MILLIS} ms: TLS handshake, request head and
 * answer), at most {@value #PER_SOURCE} connections per source address and {@value #MAX_OPEN} in
 * all are served (more are closed at once), by {@value #WORKERS} workers. A plain socket server
 * with TLS layered on each connection (the JDK's HttpsServer looks up the client's name in DNS
 * before the handshake and so hangs where the network has no DNS yet, as at first boot); the
 * deadline closes the plain socket, which ends any read in progress.
 */
final class JoinServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(JoinServer.class);

  public static final String ID_HEADER = CacertsHandshake.RANCHERD_ID_HEADER;
  static final String JSON = "application/json";

  static final int WORKERS = 16;
  static final int MAX_OPEN = 64;
  static final int PER_SOURCE = 4;
  static final long DEADLINE_MILLIS = 3000;
  private static final int READ_TIMEOUT_MILLIS = 2000;
  private static final int MAX_NOTICED = 256;

  /**
   * How long a kept-alive connection of a peer that proved the token may stay idle between two
   * polls; it is kept alive only while at most half the workers are busy.
   */
  static final int IDLE_MILLIS = 2000;

  static final int MAX_REQUESTS_PER_CONNECTION = 1000;

  private final ServerSocket socket;
  private final CompletableFuture<SSLSocketFactory> tls;
  private final ThreadPoolExecutor workers;
  private final ScheduledExecutorService deadlines;
  private final Admission admission = new Admission(PER_SOURCE, MAX_OPEN);
  private final NonceLedger nonces = new NonceLedger(4096);
  private final PeerKey key;
  private final Supplier<PeerReport> report;
  private final Supplier<Optional<byte[]>> ca;
  private final Consumer<String> notice;
  private final Set<String> noticed = ConcurrentHashMap.newKeySet();
  private final Set<String> caFetchedBy = ConcurrentHashMap.newKeySet();
  private final Map<String, String> views = new ConcurrentHashMap<>();
  private volatile Runnable viewChanged = () -> {};

  private JoinServer(
      ServerSocket socket,
      CompletableFuture<SSLSocketFactory> tls,
      PeerKey key,
      Supplier<PeerReport> report,
      Supplier<Optional<byte[]>> ca,
      Consumer<String> notice) {
    this.socket = socket;
    this.tls = tls;
    this.workers =
        new ThreadPoolExecutor(
            WORKERS,
            WORKERS,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(MAX_OPEN),
            r -> daemon(r, "join-server"));
    ScheduledThreadPoolExecutor deadlineTimer =
        new ScheduledThreadPoolExecutor(1, r -> daemon(r, "join-server-deadline"));
    // a cancelled deadline leaves the queue at once: bursts do not pile up 3 s of tasks
    deadlineTimer.setRemoveOnCancelPolicy(true);
    this.deadlines = deadlineTimer;
    this.key = key;
    this.report = report;
    this.ca = ca;
    this.notice = notice;
  }

  /**
   * Starts listening on {@code port} on every address.
   *
   * @param key proves the token between peers
   * @param report the document to answer now
   * @param ca the runtime's CA once the node is ready
   * @param notice where one-time notices go (a node without the token)
   */
  public static JoinServer start(
      int port,
      PeerKey key,
      Supplier<PeerReport> report,
      Supplier<Optional<byte[]>> ca,
      Consumer<String> notice,
      SecureRandom random,
      Instant now)
      throws IOException {
    // the certificate is made while the socket is bound and mDNS opens (it loads BouncyCastle:
    // hundreds of milliseconds on a busy machine); the first connection waits for it
    CompletableFuture<SSLSocketFactory> tls =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return SelfSignedCertificate.sslContext(random, now).getSocketFactory();
              } catch (GeneralSecurityException e) {
                throw new IllegalStateException(
                    "making the join server's certificate: " + e.getMessage(), e);
              }
            },
            runnable -> daemon(runnable, "join-server-certificate").start());
    ServerSocket socket = new ServerSocket();
    socket.setReuseAddress(true);
    try {
      socket.bind(new InetSocketAddress(port), 128);
    } catch (IOException e) {
      socket.close();
      throw e;
    }
    JoinServer server = new JoinServer(socket, tls, key, report, ca, notice);
    daemon(server::accept, "join-server-accept").start();
    return server;
  }

  /**
   * Calls {@code listener} when a peer's poll says that the peer's own view changed (a digest
   * different from its previous poll's); only for polls that prove the token.
   */
  void onPeerViewChange(Runnable listener) {
    viewChanged = listener;
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
      Socket connection;
      try {
        connection = socket.accept();
      } catch (IOException e) {
        pauseAfterFailedAccept();
        continue;
      }
      String from = connection.getInetAddress().getHostAddress();
      if (!admission.enter(from)) {
        closeQuietly(connection);
        continue;
      }
      ScheduledFuture<?> deadline =
          deadlines.schedule(
              () -> closeQuietly(connection), DEADLINE_MILLIS, TimeUnit.MILLISECONDS);
      try {
        workers.execute(() -> serve(connection, from, deadline));
      } catch (RejectedExecutionException e) {
        deadline.cancel(false);
        closeQuietly(connection);
        admission.leave(from);
      }
    }
  }

  private void serve(Socket connection, String from, ScheduledFuture<?> deadline) {
    ScheduledFuture<?> current = deadline;
    try {
      connection.setSoTimeout(READ_TIMEOUT_MILLIS);
      SSLSocket secure = (SSLSocket) tls.join().createSocket(connection, null, true);
      secure.setUseClientMode(false);
      for (int served = 0; ; served++) {
        HttpExchange exchange = HttpExchange.read(secure.getInputStream());
        HttpExchange.Response response = respond(exchange, from);
        boolean again =
            response.status() == 200
                && exchange.keepAlive()
                && served + 1 < MAX_REQUESTS_PER_CONNECTION
                && workers.getActiveCount() <= WORKERS / 2;
        response.keepAlive(again).write(secure.getOutputStream());
        if (!again) {
          return;
        }
        // the next request of a peer that proved the token: it may come after an idle pause
        current.cancel(false);
        current =
            deadlines.schedule(
                () -> closeQuietly(connection),
                IDLE_MILLIS + DEADLINE_MILLIS,
                TimeUnit.MILLISECONDS);
        connection.setSoTimeout(IDLE_MILLIS);
      }
    } catch (IOException | RuntimeException e) {
      // a slow, malformed, idle or vanished client: its connection is closed, nothing is answered
    } finally {
      current.cancel(false);
      closeQuietly(connection);
      admission.leave(from);
    }
  }

  private HttpExchange.Response respond(HttpExchange request, String from) {
    PeerReport now = report.get();
    if (now == null) {
      // discovery is still opening
      return new HttpExchange.Response(503, "text/plain", new byte[0]);
    }
    String authorization = request.header(CacertsHandshake.AUTHORIZATION_HEADER);
    String nonce = request.header(CacertsHandshake.NONCE_HEADER);
    if (!key.admits(authorization, nonce)) {
      noticeOnce(
          from,
          "Ignoring "
              + from
              + ": its request to the join server does not prove this cluster's token "
              + "(another token, or not a rancherd of this cluster)");
      return new HttpExchange.Response(401, "text/plain", new byte[0]).with(ID_HEADER, now.id());
    }
    if (!nonces.first(nonce)) {
      noticeOnce(
          from + " replay",
          "Ignoring a request from "
              + from
              + ": it repeats an earlier request (a replay): answered 401");
      return new HttpExchange.Response(401, "text/plain", new byte[0]).with(ID_HEADER, now.id());
    }
    String view = request.header(CacertsHandshake.VIEW_HEADER);
    if (view != null && !view.isEmpty() && views.size() < MAX_NOTICED) {
      String before = views.put(from, view);
      if (!view.equals(before)) {
        viewChanged.run();
      }
    }
    Optional<byte[]> served = ca.get();
    String accept = request.header("Accept");
    boolean wantsCa =
        request.path().equals("/cacerts") && (accept == null || !accept.contains(JSON));
    if (wantsCa && served.isEmpty()) {
      // not ready (again, after a restart): never a peer list where a CA is expected
      return new HttpExchange.Response(503, "text/plain", new byte[0]).with(ID_HEADER, now.id());
    }
    byte[] body = wantsCa ? CacertsHandler.body(served.get()) : now.toJson();
    if (wantsCa) {
      caFetchedBy.add(from);
    }
    return new HttpExchange.Response(200, wantsCa ? "text/plain" : JSON, body)
        .with(ID_HEADER, now.id())
        .with(CacertsHandshake.HASH_HEADER, key.hash(nonce, body));
  }

  private void noticeOnce(String what, String line) {
    if (noticed.size() < MAX_NOTICED && noticed.add(what)) {
      notice.accept(line);
    }
  }

  /** Out of file descriptors, say: do not spin while it lasts. */
  private static void pauseAfterFailedAccept() {
    try {
      Thread.sleep(10);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Thread daemon(Runnable task, String name) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.setUncaughtExceptionHandler(
        (t, e) -> LOG.warn("The join server's thread {} ended: {}", t.getName(), e.toString()));
    return thread;
  }

  private static void closeQuietly(Socket connection) {
    try {
      connection.close();
    } catch (IOException e) {
      // closing a connection that is already gone: nothing to do
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing a listening socket: nothing to do about it
    }
    workers.shutdownNow();
    deadlines.shutdownNow();
  }
}
