package io.rancherd.join;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * The server side of the {@code /cacerts} handshake between rancherd peers: serves a CA as Rancher
 * does (text/plain, a trailing newline added when missing, an empty body when there is no CA) and
 * adds {@code X-Cattle-Hash} when the request proves the token for its nonce ({@link PeerKey}). The
 * join server of a discovering node serves its runtime's CA this way.
 */
public final class CacertsHandler implements HttpHandler {

  private final Supplier<byte[]> ca;
  private final PeerKey key;

  /**
   * @param ca the CA to serve now (it may appear later, when the runtime has made it)
   */
  public CacertsHandler(Supplier<byte[]> ca, PeerKey key) {
    this.ca = ca;
    this.key = key;
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
      String nonce = headers.getFirst(CacertsHandshake.NONCE_HEADER);
      if (key.admits(headers.getFirst(CacertsHandshake.AUTHORIZATION_HEADER), nonce)) {
        exchange.getResponseHeaders().set(CacertsHandshake.HASH_HEADER, key.hash(nonce, body));
      }
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
