package io.rancherd.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * The piece of Rancher's HTTPS listener the stand-in plays, on the chart's {@code hostPort} (which
 * the chart maps to Rancher's internal listener, rancher-and-join.md §3.5) once the chart is
 * deployed (503 until Rancher is available): {@code /ping} ({@code pong}), {@code /healthz} ({@code
 * ok}) and the local login, {@code POST /v3-public/localProviders/local?action=login} with {@code
 * {"username","password"}} (rancher/rancher v2.8.0 {@code pkg/auth/providers/publicapi/login.go}):
 * the password is checked against the bcrypt hash in the User object (as {@code
 * local_auth_provider.go} does with {@code bcrypt.CompareHashAndPassword}); success is {@code 201}
 * with a token, failure {@code 401} with {@code "authentication failed"}. Nothing else of Rancher
 * is served.
 */
final class RancherHttp implements HttpHandler, AutoCloseable {

  static final String LOGIN = "/v3-public/localProviders/local";
  private static final int MAX_BODY = 64 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final ChartWatcher charts;
  private final BooleanSupplier available;
  private final RancherStore store;
  private final Listeners listeners;
  private final ScheduledExecutorService starter =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "standin-rancher");
            thread.setDaemon(true);
            return thread;
          });

  RancherHttp(
      ChartWatcher charts, BooleanSupplier available, RancherStore store, Listeners listeners) {
    this.charts = charts;
    this.available = available;
    this.store = store;
    this.listeners = listeners;
  }

  /**
   * Starts listening on the chart's host port once the chart's deployment exists, before it is
   * available (as the pod's port is bound before its readiness probe passes); until then, and while
   * Rancher is not available, it answers 503.
   */
  void start() {
    starter.scheduleWithFixedDelay(this::listenWhenInstalled, 100, 100, TimeUnit.MILLISECONDS);
  }

  private void listenWhenInstalled() {
    Optional<ChartWatcher.Chart> chart = charts.chart();
    if (chart.isEmpty() || !charts.deployed()) {
      return;
    }
    starter.shutdown();
    int port = hostPort(chart.get().values());
    if (port <= 0) {
      Log.info("rancher: no hostPort in the chart values; its listener is not on the host");
      return;
    }
    try {
      listeners.https(
          "rancher (hostPort " + port + " -> 444)",
          port,
          TlsContexts.server(Pki.selfSignedServer("rancher"), null),
          false,
          this);
    } catch (IOException | RuntimeException e) {
      Log.warn("rancher: cannot listen on host port " + port + ": " + e.getMessage());
    }
  }

  static int hostPort(Map<?, ?> values) {
    try {
      return Integer.parseInt(String.valueOf(values.get("hostPort")).trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      reply(exchange).send(exchange);
    } catch (RuntimeException e) {
      Log.warn("rancher request " + exchange.getRequestURI().getPath() + " failed: " + e);
      Reply.text(500, "internal error").send(exchange);
    }
  }

  private Reply reply(HttpExchange exchange) throws IOException {
    if (!available.getAsBoolean()) {
      return Reply.text(503, "Service Unavailable");
    }
    String path = exchange.getRequestURI().getPath();
    return switch (path) {
      case "/ping" -> Reply.text(200, "pong");
      case "/healthz" -> Reply.text(200, "ok");
      case LOGIN -> login(exchange);
      default -> Reply.text(404, "404 page not found");
    };
  }

  private Reply login(HttpExchange exchange) throws IOException {
    String query = exchange.getRequestURI().getQuery();
    if (!"POST".equals(exchange.getRequestMethod())
        || query == null
        || !query.contains("action=login")) {
      return error(404, "NotFound", "not found");
    }
    JsonNode input;
    try (InputStream body = exchange.getRequestBody()) {
      input = JSON.readTree(body.readNBytes(MAX_BODY));
    } catch (IOException e) {
      return error(422, "InvalidBodyContent", "");
    }
    String username = input == null ? "" : input.path("username").asText("");
    String password = input == null ? "" : input.path("password").asText("");
    Optional<JsonNode> user = store.user(username);
    String hash = user.map(u -> u.path("password").asText("")).orElse("");
    if (hash.isEmpty() || !checks(hash, password)) {
      Log.info(
          "rancher: login of "
              + (user.isPresent() ? "user admin" : "an unknown user")
              + " refused");
      return error(401, "Unauthorized", "authentication failed");
    }
    String name = user.get().path("metadata").path("name").asText();
    Log.info("rancher: " + name + " logged in");
    Map<String, Object> token =
        KubeObjects.map(
            "type",
            "token",
            "baseType",
            "token",
            "token",
            "token-"
                + Long.toHexString(RANDOM.nextLong())
                + ":"
                + Long.toHexString(RANDOM.nextLong()),
            "userId",
            name,
            "authProvider",
            "local",
            "isDerived",
            false);
    return Reply.json(201, token);
  }

  private static boolean checks(String hash, String password) {
    try {
      return OpenBSDBCrypt.checkPassword(hash, password.toCharArray());
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static Reply error(int status, String code, String message) {
    return Reply.json(
        status,
        KubeObjects.map(
            "type",
            "error",
            "baseType",
            "error",
            "status",
            status,
            "code",
            code,
            "message",
            message));
  }

  @Override
  public void close() {
    starter.shutdownNow();
  }
}
