package io.rancherd.join;

import io.rancherd.tls.TlsClients;
import java.io.IOException;
import java.net.Proxy;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The HTTP requests of a join and of discovery, all made directly (never through a proxy: the
 * runtime's agent connects to the supervisor directly too, and peers are on the local network).
 * Requests to a server not verified yet carry no credential, or only the handshake's.
 */
public final class CacertsClient {

  /** The most a {@code /cacerts} or {@code /ping} answer may hold. */
  private static final int MAX_BODY = 256 * 1024;

  /**
   * An answer: status, body, the handshake hash header and the rancherd join server id when
   * present.
   */
  public record Answer(
      int status, byte[] body, Optional<String> hash, Optional<String> rancherdId) {

    /** Whether this is a supervisor's answer with a CA in it. */
    public boolean servesCa() {
      return status == 200 && body.length > 0;
    }
  }

  private final Duration timeout;
  private OkHttpClient unverified;

  public CacertsClient(Duration timeout) {
    this.timeout = timeout;
  }

  /**
   * Builds the client of unverified requests now, on a background thread (loading the TLS and HTTP
   * classes takes a few hundred milliseconds of CPU), so that the first request does not wait for
   * it.
   */
  public void prepare() {
    Thread thread =
        new Thread(
            () -> {
              try {
                unverifiedClient();
              } catch (IOException e) {
                // the first request builds it again and reports the failure
              }
            },
            "cacerts-client-prepare");
    thread.setDaemon(true);
    thread.start();
  }

  /** {@code GET <url>/cacerts} without verifying the server and without credentials. */
  public Answer unverified(String url) throws IOException {
    return get(unverifiedClient(), url + "/cacerts", Map.of());
  }

  /**
   * {@code GET <url>/cacerts} with the handshake headers (a nonce and the token's digest, never the
   * token).
   */
  Answer handshake(String url, String authorization, String nonce) throws IOException {
    return get(
        unverifiedClient(),
        url + "/cacerts",
        Map.of(
            CacertsHandshake.AUTHORIZATION_HEADER,
            authorization,
            CacertsHandshake.NONCE_HEADER,
            nonce));
  }

  /**
   * {@code GET <url>/cacerts} from a discovery peer's join server: the handshake headers, asking
   * for its peer document (JSON) rather than a CA.
   */
  public Answer peerDocument(String url, String authorization, String nonce) throws IOException {
    return peerDocument(url, authorization, nonce, "");
  }

  /**
   * As {@link #peerDocument(String, String, String)}, telling the peer the digest of this node's
   * own document ({@code view}, left out when empty). Polls of the same peer reuse one connection
   * (keep-alive) when the peer keeps it open.
   */
  public Answer peerDocument(String url, String authorization, String nonce, String view)
      throws IOException {
    Map<String, String> headers = new java.util.LinkedHashMap<>();
    headers.put(CacertsHandshake.AUTHORIZATION_HEADER, authorization);
    headers.put(CacertsHandshake.NONCE_HEADER, nonce);
    headers.put("Accept", "application/json");
    if (!view.isEmpty()) {
      headers.put(CacertsHandshake.VIEW_HEADER, view);
    }
    return get(unverifiedClient(), url + "/cacerts", headers);
  }

  /**
   * {@code GET <url>/cacerts} trusting only {@code anchors}: fails unless the server's certificate
   * chains to them.
   */
  void confirmServedBy(String url, List<X509Certificate> anchors) throws IOException {
    get(verifiedClient(anchors), url + "/cacerts", Map.of());
  }

  /** The status of an authenticated request to a verified server. */
  int authenticated(String url, List<X509Certificate> anchors, String authorization)
      throws IOException {
    return get(verifiedClient(anchors), url, Map.of("Authorization", authorization)).status();
  }

  /**
   * Whether an unverified {@code GET <url>/ping} answers {@code pong}, as k3s and RKE2 supervisors
   * do.
   */
  boolean answersPing(String url) {
    try {
      Answer answer = get(unverifiedClient(), url + "/ping", Map.of());
      return answer.status() == 200
          && new String(answer.body(), java.nio.charset.StandardCharsets.UTF_8)
              .trim()
              .equals("pong");
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * One client for every unverified request of this object, so that its connections (and their TLS
   * sessions) are reused from one request to the next.
   */
  private synchronized OkHttpClient unverifiedClient() throws IOException {
    if (unverified == null) {
      unverified =
          TlsClients.insecureForHealthChecks(timeout).newBuilder().proxy(Proxy.NO_PROXY).build();
    }
    return unverified;
  }

  private OkHttpClient verifiedClient(List<X509Certificate> anchors) throws IOException {
    return TlsClients.trusting(anchors, List.of(), null, timeout)
        .newBuilder()
        .proxy(Proxy.NO_PROXY)
        .build();
  }

  private static Answer get(OkHttpClient client, String url, Map<String, String> headers)
      throws IOException {
    Request.Builder request = new Request.Builder().url(url);
    headers.forEach(request::header);
    try (Response response = client.newCall(request.build()).execute()) {
      ResponseBody body = response.body();
      byte[] bytes =
          body == null
              ? new byte[0]
              : body.source().readByteArray(Math.min(MAX_BODY, bodyLength(body)));
      return new Answer(
          response.code(),
          bytes,
          Optional.ofNullable(response.header(CacertsHandshake.HASH_HEADER)),
          Optional.ofNullable(response.header(CacertsHandshake.RANCHERD_ID_HEADER)));
    }
  }

  private static long bodyLength(ResponseBody body) throws IOException {
    long length = body.contentLength();
    if (length >= 0) {
      return length;
    }
    body.source().request(MAX_BODY);
    return body.source().getBuffer().size();
  }
}
