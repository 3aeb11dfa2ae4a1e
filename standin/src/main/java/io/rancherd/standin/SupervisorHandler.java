package io.rancherd.standin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;

/**
 * The supervisor routes (runtimes.md §4.2): {@code /cacerts} and {@code /ping} without auth, {@code
 * /v1-<prog>/readyz} with basic auth {@code node:<pw>} or {@code server:<pw>}, and the join routes
 * of {@link RegistrationHandler}. Anything else goes to the API handler, as k3s proxies it to
 * kube-apiserver.
 */
final class SupervisorHandler implements HttpHandler {

  private final ClusterState cluster;
  private final byte[] caBytes;
  private final RegistrationHandler registrations;
  private final HttpHandler api;

  SupervisorHandler(
      ClusterState cluster, byte[] caBytes, RegistrationHandler registrations, HttpHandler api) {
    this.cluster = cluster;
    this.caBytes = caBytes.clone();
    this.registrations = registrations;
    this.api = api;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String versioned = "/v1-" + cluster.program().id() + "/";
    if (!path.startsWith(versioned)) {
      switch (path) {
        case "/cacerts" -> new Reply(200, "text/plain", caBytes).send(exchange);
        case "/ping" -> Reply.text(200, "pong").send(exchange);
        default -> api.handle(exchange);
      }
      return;
    }
    try (exchange) {
      supervisor(path.substring(versioned.length()), exchange).send(exchange);
    } catch (IllegalArgumentException e) {
      Reply.text(400, e.getMessage()).send(exchange);
    } catch (RuntimeException e) {
      Log.warn("supervisor request " + path + " failed: " + e);
      Reply.text(500, "internal error").send(exchange);
    }
  }

  private Reply supervisor(String route, HttpExchange exchange) {
    return switch (route) {
      case "readyz" -> readyz(exchange);
      case "serving-kubelet.crt" -> registrations.kubeletCertificate(exchange, true);
      case "client-kubelet.crt" -> registrations.kubeletCertificate(exchange, false);
      case "server-bootstrap" -> registrations.serverBootstrap(exchange);
      default -> Reply.text(404, "404 page not found");
    };
  }

  private Reply readyz(HttpExchange exchange) {
    if (BasicAuth.user(exchange.getRequestHeaders().getFirst("Authorization"), cluster.password())
        .isEmpty()) {
      return Reply.text(401, "Unauthorized");
    }
    return cluster.apiReady() ? Reply.text(200, "ok") : Reply.text(503, "apiserver not ready");
  }
}
