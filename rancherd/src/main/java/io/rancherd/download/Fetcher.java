package io.rancherd.download;

import io.rancherd.download.DownloadException.Reason;
import io.rancherd.error.Causes;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.List;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/**
 * One GET with the rules the release clients share: which redirects to follow, a cap on the body
 * size, and transport failures turned into one-line messages that say whether the node looks
 * offline or does not trust the server.
 */
public final class Fetcher {

  static final int MAX_REDIRECTS = 5;

  /** Which redirects {@link #get} follows. */
  public enum Redirects {
    /** None: a 3xx answer is returned to the caller. */
    NONE,
    /** Only to https URLs. */
    HTTPS_ONLY,
    /** Any, except from https to http. */
    NO_DOWNGRADE
  }

  /**
   * What is being done (the message prefix, naming the target) and what the user can do instead
   * when the node cannot reach the server.
   */
  public record Attempt(String action, String offlineFix) {

    public DownloadException badAnswer(String problem) {
      return new DownloadException(Reason.BAD_ANSWER, action + ": " + problem);
    }
  }

  /**
   * A final (non-followed) answer; {@code body} is read only for 2xx answers, and only when wanted.
   */
  public record Answer(HttpUrl url, int code, String message, Headers headers, byte[] body) {

    /**
     * "404 Not Found", or "404" when the server sent no reason phrase (HTTP/2); "(after a redirect
     * to URL)" is added when the answer came from another URL than {@code requested}.
     */
    public String status(HttpUrl requested) {
      String status = message.isBlank() ? String.valueOf(code) : code + " " + message;
      return url.equals(requested) ? status : status + " (after a redirect to " + url + ")";
    }

    public String status() {
      return status(url);
    }
  }

  private final OkHttpClient client;

  public Fetcher(OkHttpClient client) {
    this.client = client;
  }

  /** GETs {@code url}; a 2xx body is read when {@code maxBytes} is positive, and must fit in it. */
  public Answer get(HttpUrl url, Redirects redirects, long maxBytes, Attempt attempt)
      throws DownloadException {
    HttpUrl current = url;
    for (int hop = 0; ; hop++) {
      Answer answer = once(current, maxBytes, attempt, !current.equals(url));
      if (redirects == Redirects.NONE || !isRedirect(answer.code())) {
        return answer;
      }
      if (hop == MAX_REDIRECTS) {
        throw attempt.badAnswer(
            "more than " + MAX_REDIRECTS + " redirects (last to " + current + ")");
      }
      String location = answer.headers().get("Location");
      HttpUrl next = location == null ? null : current.resolve(location);
      if (next == null) {
        throw attempt.badAnswer(
            "answered "
                + answer.status()
                + " without a usable Location ("
                + Messages.quoted(location)
                + ")");
      }
      boolean downgrade = current.isHttps() && !next.isHttps();
      if (downgrade || (redirects == Redirects.HTTPS_ONLY && !next.isHttps())) {
        throw attempt.badAnswer(
            "redirected to " + next + ", which is not https; refusing to follow it");
      }
      current = next;
    }
  }

  private Answer once(HttpUrl url, long maxBytes, Attempt attempt, boolean redirected)
      throws DownloadException {
    Request request = new Request.Builder().url(url).get().build();
    try (Response response = client.newCall(request).execute()) {
      byte[] body = new byte[0];
      if (response.isSuccessful() && maxBytes > 0) {
        body = readCapped(response.body(), maxBytes, attempt);
      }
      return new Answer(url, response.code(), response.message(), response.headers(), body);
    } catch (IOException e) {
      throw transportFailure(url, e, attempt, redirected);
    }
  }

  private static byte[] readCapped(ResponseBody body, long maxBytes, Attempt attempt)
      throws IOException, DownloadException {
    if (body == null) {
      return new byte[0];
    }
    if (body.contentLength() > maxBytes) {
      throw attempt.badAnswer(
          "the answer is "
              + body.contentLength()
              + " bytes, more than the "
              + Messages.size(maxBytes)
              + " allowed");
    }
    BufferedSource source = body.source();
    if (source.request(maxBytes + 1)) {
      throw attempt.badAnswer(
          "the answer is larger than the " + Messages.size(maxBytes) + " allowed");
    }
    return source.getBuffer().readByteArray();
  }

  private DownloadException transportFailure(
      HttpUrl url, IOException e, Attempt attempt, boolean redirected) {
    String where =
        (redirected ? " to " + url.scheme() + "://" + url.host() + ":" + url.port() : "")
            + viaProxy(url);
    String offline = "; this node looks offline: " + attempt.offlineFix();
    if (isUntrusted(e)) {
      return new DownloadException(
          Reason.TLS,
          attempt.action()
              + ": the server's certificate is not trusted"
              + where
              + ": "
              + Messages.oneLine(rootMessage(e))
              + "; if a proxy intercepts TLS, add its CA to the system trust store",
          e);
    }
    if (e instanceof SSLException) {
      return new DownloadException(
          Reason.TLS,
          attempt.action()
              + ": the TLS handshake failed"
              + where
              + " ("
              + Causes.describe(e)
              + "); if a proxy intercepts TLS, add its CA to the system trust store, or "
              + attempt.offlineFix(),
          e);
    }
    String problem;
    if (e instanceof UnknownHostException) {
      problem = "cannot resolve host " + url.host() + where + " (" + Causes.describe(e) + ")";
    } else if (e instanceof InterruptedIOException) {
      problem = "timed out" + where + " (" + Causes.describe(e) + ")";
    } else if (e instanceof ConnectException
        || e instanceof NoRouteToHostException
        || e instanceof SocketException) {
      problem = "cannot connect" + where + " (" + Causes.describe(e) + ")";
    } else {
      return new DownloadException(
          Reason.BAD_ANSWER,
          attempt.action()
              + ": the request failed"
              + where
              + " ("
              + Causes.describe(e)
              + "); try again, or "
              + attempt.offlineFix(),
          e);
    }
    return new DownloadException(Reason.OFFLINE, attempt.action() + ": " + problem + offline, e);
  }

  /** " through proxy host:port" when the client sends {@code url} through a proxy. */
  private String viaProxy(HttpUrl url) {
    Proxy proxy = client.proxy();
    if (proxy == null) {
      ProxySelector selector = client.proxySelector();
      List<Proxy> chosen = selector == null ? List.of() : selector.select(url.uri());
      proxy = chosen.isEmpty() ? Proxy.NO_PROXY : chosen.get(0);
    }
    if (proxy.type() == Proxy.Type.DIRECT
        || !(proxy.address() instanceof InetSocketAddress address)) {
      return "";
    }
    return " through proxy " + address.getHostString() + ":" + address.getPort();
  }

  private static boolean isUntrusted(IOException e) {
    if (e instanceof SSLPeerUnverifiedException) {
      return true;
    }
    if (!(e instanceof SSLHandshakeException)) {
      return false;
    }
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof CertificateException
          || t instanceof CertPathBuilderException
          || t instanceof CertPathValidatorException) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() != null ? root.getMessage() : Causes.describe(e);
  }

  private static boolean isRedirect(int code) {
    return code == 301 || code == 302 || code == 303 || code == 307 || code == 308;
  }
}
