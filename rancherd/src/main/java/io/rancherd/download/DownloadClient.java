package io.rancherd.download;

import io.rancherd.error.InvalidInputException;
import io.rancherd.proxy.EnvProxySelector;
import io.rancherd.tls.TlsClients;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import okhttp3.Credentials;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * Builds the HTTP client for release lookups and downloads: a copy of the shared base client
 * (default JVM trust, so {@code -Djavax.net.ssl.trustStore} applies), with download timeouts, no
 * automatic redirects (each client decides which to follow) and the proxy chosen from the
 * environment's {@code HTTPS_PROXY}, {@code HTTP_PROXY} and {@code NO_PROXY}.
 */
public final class DownloadClient {

  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
  static final Duration CALL_TIMEOUT = Duration.ofMinutes(2);

  private DownloadClient() {}

  /** The production client: {@code DownloadClient.client(System.getenv())}. */
  public static OkHttpClient client(Map<String, String> env) throws InvalidInputException {
    return withEnvironment(TlsClients.base(), env);
  }

  /**
   * {@code base} (for tests: one that trusts a test CA) with the timeouts, redirect policy and
   * environment proxy of {@link #client}.
   */
  public static OkHttpClient withEnvironment(OkHttpClient base, Map<String, String> env)
      throws InvalidInputException {
    EnvProxySelector proxies = EnvProxySelector.fromEnvironment(env);
    return base.newBuilder()
        .connectTimeout(CONNECT_TIMEOUT)
        .readTimeout(READ_TIMEOUT)
        .callTimeout(CALL_TIMEOUT)
        .followRedirects(false)
        .followSslRedirects(false)
        .proxy(null)
        .proxySelector(proxies)
        .proxyAuthenticator(
            (route, response) -> {
              if (route == null || response.request().header("Proxy-Authorization") != null) {
                return null;
              }
              Optional<EnvProxySelector.EnvProxy> proxy =
                  proxies.byProxy(route.proxy()).filter(p -> p.user().isPresent());
              if (proxy.isEmpty()) {
                return null;
              }
              Request.Builder retry = response.request().newBuilder();
              return retry
                  .header(
                      "Proxy-Authorization",
                      Credentials.basic(
                          proxy.get().user().orElseThrow(), proxy.get().password().orElse("")))
                  .build();
            })
        .build();
  }
}
