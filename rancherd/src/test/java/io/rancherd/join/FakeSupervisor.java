package io.rancherd.join;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.rancherd.testing.TestPki;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTPS server on loopback acting as a k3s supervisor for join tests (docs/runtimes.md §4.2):
 * {@code /cacerts} without auth, {@code /ping}, and {@code /v1-k3s/readyz} with basic auth {@code
 * node:<password>}. It keeps every request it saw, headers included, so that tests can assert what
 * was (not) sent to it.
 */
public final class FakeSupervisor implements AutoCloseable {

  /** A request as the server saw it. */
  record Seen(String path, Map<String, List<String>> headers) {}

  final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final HttpsServer server;
  private final String password;
  private volatile byte[] cacerts;

  /** A supervisor presenting a certificate of {@code pki} and serving {@code pki}'s CA. */
  public FakeSupervisor(TestPki pki, String password) {
    this(pki, password, "127.0.0.1", 0);
  }

  public FakeSupervisor(TestPki pki, String password, String address, int port) {
    this.password = password;
    this.cacerts = pki.caPem().getBytes(StandardCharsets.UTF_8);
    try {
      server = HttpsServer.create(new InetSocketAddress(address, port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setHttpsConfigurator(new HttpsConfigurator(pki.serverContext(pki.server("supervisor"))));
    server.createContext("/", this::handle);
    server.start();
  }

  /** Serves other bytes at /cacerts (an impostor copying the real CA). */
  public FakeSupervisor serving(byte[] body) {
    this.cacerts = body.clone();
    return this;
  }

  byte[] cacertsBody() {
    return cacerts.clone();
  }

  public String url() {
    return "https://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
  }

  /** Whether any request carried an Authorization header. */
  public boolean receivedCredentials() {
    return seen.stream()
        .anyMatch(s -> s.headers().keySet().stream().anyMatch("Authorization"::equalsIgnoreCase));
  }

  /**
   * Whether {@code secret}, plain or inside basic credentials, appeared in any header of any
   * request.
   */
  public boolean received(String secret) {
    String basic =
        Base64.getEncoder().encodeToString(("node:" + secret).getBytes(StandardCharsets.UTF_8));
    return seen.stream()
        .flatMap(s -> s.headers().values().stream())
        .flatMap(List::stream)
        .anyMatch(v -> v.contains(secret) || v.contains(basic));
  }

  public List<String> paths() {
    return seen.stream().map(Seen::path).toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    seen.add(new Seen(path, Map.copyOf(exchange.getRequestHeaders())));
    switch (path) {
      case "/cacerts" -> respond(exchange, 200, cacerts);
      case "/ping" -> respond(exchange, 200, "pong".getBytes(StandardCharsets.UTF_8));
      case "/v1-k3s/readyz" ->
          respond(
              exchange, authorized(exchange) ? 200 : 401, "ok".getBytes(StandardCharsets.UTF_8));
      default -> respond(exchange, 404, new byte[0]);
    }
  }

  private boolean authorized(HttpExchange exchange) {
    String expected =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(("node:" + password).getBytes(StandardCharsets.UTF_8));
    return expected.equals(exchange.getRequestHeaders().getFirst("Authorization"));
  }

  static HttpHandler answering(int status, Map<String, String> headers, byte[] body) {
    return exchange -> {
      headers.forEach(exchange.getResponseHeaders()::set);
      respond(exchange, status, body);
    };
  }

  static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
    try (exchange) {
      exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
