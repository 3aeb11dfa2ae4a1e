package io.rancherd.tls;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;

/**
 * HTTP clients with explicit trust. One base client is shared; clients that trust a given CA or
 * present a client certificate are {@code newBuilder()} copies of it. Nothing touches the JVM's
 * global TLS defaults.
 */
public final class TlsClients {

  private static final OkHttpClient BASE =
      new OkHttpClient.Builder()
          .connectTimeout(Duration.ofSeconds(5))
          .readTimeout(Duration.ofSeconds(10))
          .followRedirects(false)
          .build();

  private TlsClients() {}

  public static OkHttpClient base() {
    return BASE;
  }

  /**
   * A client that trusts only {@code roots} (or nothing but them) and presents {@code clientChain}
   * with {@code clientKey} when both are given.
   */
  public static OkHttpClient trusting(
      List<X509Certificate> roots,
      List<X509Certificate> clientChain,
      PrivateKey clientKey,
      Duration timeout)
      throws IOException {
    try {
      X509TrustManager trust = trustManager(roots);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(
          keyManagers(clientChain, clientKey), new javax.net.ssl.TrustManager[] {trust}, null);
      return BASE.newBuilder()
          .sslSocketFactory(context.getSocketFactory(), trust)
          .callTimeout(timeout)
          .build();
    } catch (GeneralSecurityException e) {
      throw new IOException("building a TLS client: " + e.getMessage(), e);
    }
  }

  /**
   * A client that does not verify the server at all: only for unauthenticated reads whose answer is
   * trusted for nothing else, such as health endpoints documented as served with self-signed
   * certificates (kube-scheduler, kube-controller-manager) and the supervisor's {@code /ping},
   * whose Date header {@code doctor} compares with the local clock.
   */
  public static OkHttpClient insecureForHealthChecks(Duration timeout) throws IOException {
    X509TrustManager trustAll = trustingAnything();
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new javax.net.ssl.TrustManager[] {trustAll}, null);
      return BASE.newBuilder()
          .sslSocketFactory(context.getSocketFactory(), trustAll)
          .hostnameVerifier((host, session) -> true)
          .callTimeout(timeout)
          .build();
    } catch (GeneralSecurityException e) {
      throw new IOException("building a TLS client: " + e.getMessage(), e);
    }
  }

  /** A trust manager that trusts exactly {@code roots}. */
  public static X509TrustManager trustManager(List<X509Certificate> roots)
      throws GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    for (int i = 0; i < roots.size(); i++) {
      store.setCertificateEntry("ca-" + i, roots.get(i));
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    return (X509TrustManager) factory.getTrustManagers()[0];
  }

  /** Key managers presenting {@code chain} with {@code key}, or null when either is missing. */
  public static KeyManager[] keyManagers(List<X509Certificate> chain, PrivateKey key)
      throws GeneralSecurityException, IOException {
    if (chain.isEmpty() || key == null) {
      return null;
    }
    return new KeyManager[] {new OneKeyManager(chain, key)};
  }

  /** The JVM's default trusted roots. */
  public static List<X509Certificate> systemRoots() throws GeneralSecurityException {
    TrustManagerFactory system =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    system.init((KeyStore) null);
    List<X509Certificate> roots = new ArrayList<>();
    for (TrustManager tm : system.getTrustManagers()) {
      if (tm instanceof X509TrustManager x) {
        roots.addAll(List.of(x.getAcceptedIssuers()));
      }
    }
    return roots;
  }

  /**
   * A trust manager that accepts every certificate: only for endpoints that are not verified at
   * all.
   */
  public static X509TrustManager trustingAnything() {
    return new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    };
  }
}
