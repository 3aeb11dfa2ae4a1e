package io.rancherd.discovery;

import io.rancherd.tls.TlsClients;
import java.io.IOException;
import java.net.Proxy;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

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
    try {
      OkHttpClient client = TlsClients.insecureForHealthChecks(Duration.ofSeconds(5)).newBuilder()
          .proxy(Proxy.NO_PROXY).build();
      while (!Thread.currentThread().isInterrupted()) {
        Optional<byte[]> served = fetch(client, supervisorUrl + "/cacerts");
        if (served.isPresent()) {
          ca = served.get();
          discovery.ready();
          info.accept("The supervisor " + supervisorUrl + " serves the cluster's CA: this node's join server now "
              + "reports ready and vouches for that CA to its peers");
          return;
        }
        Thread.sleep(EVERY.toMillis());
      }
    } catch (IOException e) {
      info.accept("Cannot watch the supervisor " + supervisorUrl + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Optional<byte[]> fetch(OkHttpClient client, String url) {
    try (Response response = client.newCall(new Request.Builder().url(url).build()).execute()) {
      ResponseBody body = response.body();
      byte[] bytes = body == null ? new byte[0] : body.bytes();
      return response.code() == 200 && bytes.length > 0 ? Optional.of(bytes) : Optional.empty();
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
