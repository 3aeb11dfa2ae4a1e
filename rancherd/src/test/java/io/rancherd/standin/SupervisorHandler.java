package io.rancherd.standin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * The supervisor routes (runtimes.md §4.2): {@code /cacerts} and {@code /ping} without auth,
 * {@code /v1-<prog>/readyz} with basic auth {@code node:<pw>} or {@code server:<pw>}. Anything else
 * goes to the API handler, as k3s proxies it to kube-apiserver.
 */
final class SupervisorHandler implements HttpHandler {

  private final ClusterState cluster;
  private final byte[] caBytes;
  private final HttpHandler api;

  SupervisorHandler(ClusterState cluster, byte[] caBytes, HttpHandler api) {
    this.cluster = cluster;
    this.caBytes = caBytes.clone();
    this.api = api;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    if (path.equals("/cacerts")) {
      new Reply(200, "text/plain", caBytes).send(exchange);
    } else if (path.equals("/ping")) {
      Reply.text(200, "pong").send(exchange);
    } else if (path.equals("/v1-" + cluster.program().id() + "/readyz")) {
      supervisorReadyz(exchange).send(exchange);
    } else {
      api.handle(exchange);
    }
  }

  private Reply supervisorReadyz(HttpExchange exchange) {
    if (!basicAuthOk(exchange.getRequestHeaders().getFirst("Authorization"))) {
      return Reply.text(401, "Unauthorized");
    }
    return cluster.apiReady() ? Reply.text(200, "ok") : Reply.text(503, "apiserver not ready");
  }

  private boolean basicAuthOk(String header) {
    if (header == null || !header.startsWith("Basic ")) {
      return false;
    }
    String credentials;
    try {
      credentials = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return false;
    }
    int colon = credentials.indexOf(':');
    if (colon < 0) {
      return false;
    }
    String user = credentials.substring(0, colon);
    byte[] password = credentials.substring(colon + 1).getBytes(StandardCharsets.UTF_8);
    return (user.equals("node") || user.equals("server"))
        && MessageDigest.isEqual(password, cluster.password().getBytes(StandardCharsets.UTF_8));
  }
}
