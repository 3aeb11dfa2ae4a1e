package io.rancherd.join;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.rancherd.secret.Secret;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * The server side of the {@code /cacerts} handshake: serves a CA as Rancher does (text/plain, a
 * trailing newline added when missing, an empty body when there is no CA) and adds {@code
 * X-Cattle-Hash} when the request names the token. The join server of a discovering node serves its
 * runtime's CA this way.
 */
public final class CacertsHandler implements HttpHandler {

  private final Supplier<byte[]> ca;
  private final Secret token;

  /**
   * @param ca the CA to serve now (it may appear later, when the runtime has made it)
   */
  public CacertsHandler(Supplier<byte[]> ca, Secret token) {
    this.ca = ca;
    this.token = token;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestURI().getPath().equals("/cacerts")) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      byte[] body = body(ca.get());
      var headers = exchange.getRequestHeaders();
      CacertsHandshake.answer(
              token,
              headers.getFirst(CacertsHandshake.AUTHORIZATION_HEADER),
              headers.getFirst(CacertsHandshake.NONCE_HEADER),
              body)
          .ifPresent(hash -> exchange.getResponseHeaders().set(CacertsHandshake.HASH_HEADER, hash));
      exchange.getResponseHeaders().set("Content-Type", "text/plain");
      exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** Rancher's rule: the CA text with a trailing newline, or nothing when it is blank. */
  public static byte[] body(byte[] ca) {
    String text = ca == null ? "" : new String(ca, StandardCharsets.UTF_8);
    if (text.isBlank()) {
      return new byte[0];
    }
    return (text.endsWith("\n") ? text : text + "\n").getBytes(StandardCharsets.UTF_8);
  }
}
