package io.rancherd.discovery;

import io.rancherd.config.Secret;
import io.rancherd.error.Causes;
import io.rancherd.join.CacertsHandshake;
import io.rancherd.tls.TlsClients;
import java.io.IOException;
import java.net.Proxy;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Asks peers' join servers for their documents, all at once (rancherd asked one after the other,
 * with 10 s timeouts), directly (never through a proxy: peers are on the local network). The TLS
 * certificate is not verified: an answer counts only when its {@code X-Cattle-Hash} proves that
 * the peer holds the token, for the nonce sent with this very request.
 */
public final class HttpPoller implements Poller, AutoCloseable {

  private static final int MAX_BODY = 64 * 1024;

  private final int port;
  private final Secret token;
  private final String ownId;
  private final Supplier<SecureRandom> random;
  private final OkHttpClient client;
  private final ExecutorService executor;

  public HttpPoller(int port, Secret token, String ownId, Supplier<SecureRandom> random, Duration timeout)
      throws IOException {
    this.port = port;
    this.token = token;
    this.ownId = ownId;
    this.random = random;
    this.client = TlsClients.insecureForHealthChecks(timeout).newBuilder().proxy(Proxy.NO_PROXY)
        .connectTimeout(timeout).readTimeout(timeout).build();
    this.executor = Executors.newFixedThreadPool(8, r -> {
      Thread thread = new Thread(r, "peer-poll");
      thread.setDaemon(true);
      return thread;
    });
  }

  @Override
  public Map<PeerAddress, Poll> poll(Collection<PeerAddress> peers) throws InterruptedException {
    Map<PeerAddress, CompletableFuture<Poll>> asked = new LinkedHashMap<>();
    peers.forEach(p -> asked.put(p, CompletableFuture.supplyAsync(() -> pollOne(p), executor)));
    Map<PeerAddress, Poll> polls = new LinkedHashMap<>();
    for (Map.Entry<PeerAddress, CompletableFuture<Poll>> e : asked.entrySet()) {
      try {
        polls.put(e.getKey(), e.getValue().get());
      } catch (ExecutionException ex) {
        polls.put(e.getKey(), new Poll.Failed(Causes.describe(ex.getCause())));
      }
    }
    return polls;
  }

  /** Asks one peer. */
  public Poll pollOne(PeerAddress peer) {
    String nonce = CacertsHandshake.nonce(random.get());
    Request request = new Request.Builder().url(peer.url(port) + "/cacerts")
        .header(CacertsHandshake.AUTHORIZATION_HEADER, CacertsHandshake.authorization(token))
        .header(CacertsHandshake.NONCE_HEADER, nonce)
        .header("Accept", JoinServer.JSON)
        .build();
    try (Response response = client.newCall(request).execute()) {
      return read(response, nonce);
    } catch (IOException e) {
      return new Poll.Failed(Causes.describe(e));
    }
  }

  private Poll read(Response response, String nonce) throws IOException {
    String id = response.header(JoinServer.ID_HEADER);
    if (id == null) {
      return response.code() == 200 ? new Poll.Rancher()
          : new Poll.Failed("HTTP " + response.code() + " without a rancherd id: not a rancherd join server");
    }
    if (id.equals(ownId)) {
      return new Poll.Self();
    }
    if (response.code() == 401 || response.code() == 403) {
      return new Poll.Rejected("its join server refuses this cluster's token (HTTP " + response.code() + ")");
    }
    if (response.code() != 200) {
      return new Poll.Failed("HTTP " + response.code());
    }
    byte[] body = body(response);
    if (!CacertsHandshake.proves(token, nonce, body, response.header(CacertsHandshake.HASH_HEADER))) {
      return new Poll.Rejected("its answer does not prove that it holds this cluster's token (X-Cattle-Hash "
          + (response.header(CacertsHandshake.HASH_HEADER) == null ? "missing" : "wrong") + ")");
    }
    try {
      return new Poll.Answered(PeerReport.parse(body, id));
    } catch (IOException e) {
      return new Poll.Failed("unreadable peer document: " + Causes.describe(e));
    }
  }

  private static byte[] body(Response response) throws IOException {
    ResponseBody body = response.body();
    if (body == null) {
      return new byte[0];
    }
    okio.BufferedSource source = body.source();
    source.request(MAX_BODY + 1L);
    if (source.getBuffer().size() > MAX_BODY) {
      throw new IOException("answer larger than " + MAX_BODY / 1024 + " KiB");
    }
    return source.readByteArray();
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
