package io.rancherd.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.rancherd.download.DownloadClient;
import io.rancherd.tls.TlsClients;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;

/** An HTTPS server on 127.0.0.1 with a certificate from its own {@link TestPki} CA. */
public final class LocalHttpsServer implements AutoCloseable {

  public final TestPki pki = new TestPki("release-test-ca");
  public final AtomicInteger requests = new AtomicInteger();
  private final HttpsServer server;

  public LocalHttpsServer() {
    try {
      server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setHttpsConfigurator(
        new HttpsConfigurator(pki.serverContext(pki.server("release-server"))));
    server.start();
  }

  /** Serves {@code path} (and below) with {@code handler}, counting requests. */
  public LocalHttpsServer on(String path, HttpHandler handler) {
    server.createContext(
        path,
        exchange -> {
          requests.incrementAndGet();
          handler.handle(exchange);
        });
    return this;
  }

  public String url(String path) {
    return "https://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /**
   * A release client that trusts this server's CA (and nothing else), with an empty environment.
   */
  public OkHttpClient trustingClient() throws Exception {
    return DownloadClient.withEnvironment(
        TlsClients.trusting(
            List.of(pki.ca().certificate()), List.of(), null, Duration.ofSeconds(10)),
        Map.of());
  }

  public static HttpHandler answer(int code, Map<String, String> headers, String body) {
    return exchange -> respond(exchange, code, headers, body.getBytes(StandardCharsets.UTF_8));
  }

  public static void respond(
      HttpExchange exchange, int code, Map<String, String> headers, byte[] body)
      throws IOException {
    headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
    exchange.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
