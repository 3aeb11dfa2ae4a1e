package io.rancherd.discovery;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The little HTTP/1.1 the join server speaks: one request head in (any method, as rancherd answered
 * them all; a request has no body), one response out, then close, or, when both sides keep the
 * connection alive, the next request on the same connection.
 */
record HttpExchange(String path, Map<String, String> headers) {

  private static final int MAX_HEAD = 16 * 1024;

  /** A marker among a response's headers (never written): keep the connection open. */
  private static final String KEEP_ALIVE = " keep-alive";

  /** A request's header, by case-insensitive name, or null. */
  String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  /** Whether the client keeps the connection open (HTTP/1.1 without {@code Connection: close}). */
  boolean keepAlive() {
    String connection = header("Connection");
    return connection == null || !connection.toLowerCase(Locale.ROOT).contains("close");
  }

  /** Reads a request head (the request line and headers, up to the blank line). */
  static HttpExchange read(InputStream in) throws IOException {
    String[] lines = head(in).split("\r\n");
    String[] requestLine = lines.length == 0 ? new String[0] : lines[0].split(" ");
    if (requestLine.length != 3 || !requestLine[2].startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP/1.x request");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(
            lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).trim());
      }
    }
    if (requestLine[2].equals("HTTP/1.0") && !headers.containsKey("connection")) {
      headers.put("connection", "close");
    }
    String target = requestLine[1];
    int query = target.indexOf('?');
    return new HttpExchange(query < 0 ? target : target.substring(0, query), headers);
  }

  private static String head(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < end.length) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("request ended before its headers did");
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
      if (head.size() > MAX_HEAD) {
        throw new IOException("request head larger than " + MAX_HEAD + " bytes");
      }
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  /** A response: status, content type, body and more headers. */
  record Response(int status, String contentType, byte[] body, Map<String, String> headers) {

    Response(int status, String contentType, byte[] body) {
      this(status, contentType, body, Map.of());
    }

    /** The same response, keeping the connection open or closing it after the answer. */
    Response keepAlive(boolean open) {
      return open ? with(KEEP_ALIVE, "true") : this;
    }

    Response with(String name, String value) {
      Map<String, String> more = new LinkedHashMap<>(headers);
      more.put(name, value);
      return new Response(status, contentType, body, Map.copyOf(more));
    }

    void write(OutputStream out) throws IOException {
      StringBuilder head =
          new StringBuilder("HTTP/1.1 ")
              .append(status)
              .append(
                  switch (status) {
                    case 200 -> " OK";
                    case 401 -> " Unauthorized";
                    case 503 -> " Service Unavailable";
                    default -> " Error";
                  })
              .append("\r\nContent-Type: ")
              .append(contentType)
              .append("\r\nContent-Length: ")
              .append(body.length)
              .append(
                  headers.containsKey(KEEP_ALIVE)
                      ? "\r\nConnection: keep-alive\r\n"
                      : "\r\nConnection: close\r\n");
      headers.forEach(
          (name, value) -> {
            if (!name.equals(KEEP_ALIVE)) {
              head.append(name).append(": ").append(value).append("\r\n");
            }
          });
      head.append("\r\n");
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
    }
  }
}
