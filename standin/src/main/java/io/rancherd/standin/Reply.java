package io.rancherd.standin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** An HTTP answer: status, content type and body. */
record Reply(int status, String contentType, byte[] body) {

  private static final ObjectMapper JSON = new ObjectMapper();

  static Reply text(int status, String text) {
    return new Reply(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
  }

  static Reply json(int status, Object tree) {
    try {
      return new Reply(status, "application/json", JSON.writeValueAsBytes(tree));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A Kubernetes object or Status; the HTTP status is the Status's {@code code}, else 200. */
  static Reply kube(java.util.Map<String, Object> object) {
    Object code = object.get("code");
    return json("Status".equals(object.get("kind")) && code instanceof Integer c ? c : 200, object);
  }

  void send(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    boolean head = "HEAD".equals(exchange.getRequestMethod());
    exchange.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
    if (!head && body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
    exchange.close();
  }
}
