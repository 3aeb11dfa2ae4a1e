package io.rancherd.standin;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** SSL contexts for the stand-in's listeners. */
final class TlsContexts {

  private static final char[] NO_PASSWORD = new char[0];

  private TlsContexts() {}

  /**
   * A server context presenting {@code serving} (followed by {@code chain}); client certificates
   * are checked against {@code clientCa} when it is not null.
   */
  static SSLContext server(Pki.Issued serving, X509Certificate clientCa, X509Certificate... chain) {
    try {
      X509Certificate[] certificates = new X509Certificate[chain.length + 1];
      certificates[0] = serving.certificate();
      System.arraycopy(chain, 0, certificates, 1, chain.length);
      KeyStore keys = emptyStore();
      keys.setKeyEntry("serving", serving.key(), NO_PASSWORD, certificates);
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, NO_PASSWORD);
      TrustManagerFactory tmf = null;
      if (clientCa != null) {
        KeyStore trust = emptyStore();
        trust.setCertificateEntry("client-ca", clientCa);
        tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException(
          "building an SSL context for " + serving.certificate().getSubjectX500Principal(), e);
    }
  }

  /**
   * Accepts any certificate: what the real agent does for its first {@code /cacerts} fetch, before
   * it checks the CA against the token's hash.
   */
  static X509TrustManager trustingAnything() {
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

  private static KeyStore emptyStore() throws GeneralSecurityException, java.io.IOException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    return store;
  }
}
