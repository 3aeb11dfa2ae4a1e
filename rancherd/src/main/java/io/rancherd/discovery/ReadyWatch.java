package io.rancherd.discovery;

import io.rancherd.join.CacertsClient;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Watches the initializing node's own supervisor: once it serves {@code /cacerts}, that CA is what
 * the join server vouches for, and the node's state turns ready.
 */
final class ReadyWatch implements AutoCloseable {

  private static final Duration EVERY = Duration.ofSeconds(1);

  private final Discovery discovery;
  private final Consumer<String> info;
  private volatile byte[] ca;
  private volatile Thread thread;

  ReadyWatch(Discovery discovery, Consumer<String> info) {
    this.discovery = discovery;
    this.info = info;
  }

  /** The CA the supervisor served, once it did. */
  Optional<byte[]> ca() {
    return Optional.ofNullable(ca);
  }

  void start(String supervisorUrl) {
    Thread watcher = new Thread(() -> watch(supervisorUrl), "ready-watch");
    watcher.setDaemon(true);
    thread = watcher;
    watcher.start();
  }

  private void watch(String supervisorUrl) {
    CacertsClient client = new CacertsClient(Duration.ofSeconds(5));
    try {
      while (!Thread.currentThread().isInterrupted()) {
        Optional<byte[]> served = fetch(client, supervisorUrl);
        if (served.isPresent()) {
          ca = served.get();
          discovery.ready();
          info.accept(
              "The supervisor "
                  + supervisorUrl
                  + " serves the cluster's CA: this node's join server now "
                  + "reports ready and vouches for that CA to its peers");
          return;
        }
        Thread.sleep(EVERY.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Optional<byte[]> fetch(CacertsClient client, String supervisorUrl) {
    try {
      CacertsClient.Answer answer = client.unverified(supervisorUrl);
      return answer.servesCa() ? Optional.of(answer.body()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  @Override
  public void close() {
    Thread watcher = thread;
    if (watcher != null) {
      watcher.interrupt();
    }
  }
}
