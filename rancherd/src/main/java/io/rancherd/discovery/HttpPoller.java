package io.rancherd.discovery;

import io.rancherd.error.Causes;
import io.rancherd.join.CacertsClient;
import io.rancherd.join.CacertsHandshake;
import io.rancherd.join.PeerKey;
import java.io.IOException;
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

/**
 * Asks peers' join servers for their documents, all at once (rancherd asked one after the other,
 * with 10 s timeouts), directly (never through a proxy: peers are on the local network). The TLS
 * certificate is not verified: an answer counts only when its {@code X-Cattle-Hash} proves that the
 * peer holds the token, for the nonce sent with this very request. A request proves the token with
 * the {@link PeerKey} for its own nonce. An answer without a rancherd id (Rancher, or someone
 * posing as Rancher) counts only as far as {@link RancherCheck} verifies it.
 */
final class HttpPoller implements Poller, AutoCloseable {

  private final int port;
  private final PeerKey key;
  private final String ownId;
  private final Supplier<SecureRandom> random;
  private final CacertsClient client;
  private final RancherCheck rancher;
  private final ExecutorService executor;
  private volatile Supplier<String> view = () -> "";

  HttpPoller(
      int port,
      PeerKey key,
      String ownId,
      Supplier<SecureRandom> random,
      Duration timeout,
      RancherCheck.Pin pin) {
    this.port = port;
    this.key = key;
    this.ownId = ownId;
    this.random = random;
    this.client = new CacertsClient(timeout);
    client.prepare();
    this.rancher = new RancherCheck(pin, client);
    this.executor =
        Executors.newFixedThreadPool(
            8,
            r -> {
              Thread thread = new Thread(r, "peer-poll");
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * The digest of this node's own document, sent with every poll so that a peer learns when this
   * node's view changed.
   */
  void tellView(Supplier<String> view) {
    this.view = view;
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
    try {
      return read(
          client.peerDocument(peer.url(port), key.authorization(nonce), nonce, view.get()),
          peer,
          nonce);
    } catch (IOException e) {
      return new Poll.Failed(Causes.describe(e));
    }
  }

  private Poll read(CacertsClient.Answer answer, PeerAddress peer, String nonce) {
    if (answer.rancherdId().isEmpty()) {
      return answer.status() == 200
          ? rancher.verify(peer)
          : new Poll.Failed(
              "HTTP " + answer.status() + " without a rancherd id: not a rancherd join server");
    }
    if (answer.rancherdId().get().equals(ownId)) {
      return new Poll.Self();
    }
    if (answer.status() == 401 || answer.status() == 403) {
      return new Poll.Rejected(
          "its join server refuses this cluster's token (HTTP " + answer.status() + ")");
    }
    if (answer.status() != 200) {
      return new Poll.Failed("HTTP " + answer.status());
    }
    if (!key.proves(nonce, answer.body(), answer.hash().orElse(null))) {
      return new Poll.Rejected(
          "its answer does not prove that it holds this cluster's token (X-Cattle-Hash "
              + (answer.hash().isEmpty() ? "missing" : "wrong")
              + ")");
    }
    try {
      return new Poll.Answered(PeerReport.parse(answer.body(), answer.rancherdId().get()));
    } catch (IOException e) {
      return new Poll.Failed("unreadable peer document: " + Causes.describe(e));
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
