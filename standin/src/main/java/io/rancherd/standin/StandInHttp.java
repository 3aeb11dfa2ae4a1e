package io.rancherd.standin;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** OkHttp clients for talking to a stand-in from tests. */
public final class StandInHttp {

  private static final char[] NO_PASSWORD = new char[0];

  private StandInHttp() {}

  /**
   * Trusts any server certificate and host name: for {@code /cacerts} and the self-signed health
   * endpoints.
   */
  public static OkHttpClient insecure() {
    X509TrustManager trustAll = TlsContexts.trustingAnything();
    return build(null, trustAll).newBuilder().hostnameVerifier((host, session) -> true).build();
  }

  /**
   * Authenticates as the kubeconfig's user (client certificate) and trusts only its cluster CA, as
   * {@code kubectl --kubeconfig} would.
   */
  public static OkHttpClient forKubeconfig(Path kubeconfig) {
    Map<String, Object> config =
        new Yaml(new SafeConstructor(new LoaderOptions())).load(SecureFiles.read(kubeconfig));
    Map<?, ?> cluster = (Map<?, ?>) ((Map<?, ?>) first(config.get("clusters"))).get("cluster");
    Map<?, ?> user = (Map<?, ?>) ((Map<?, ?>) first(config.get("users"))).get("user");
    String ca = decode(cluster.get("certificate-authority-data"));
    String cert = decode(user.get("client-certificate-data"));
    PrivateKey key = Pki.parsePrivateKey(decode(user.get("client-key-data")));
    try {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry("client", key, NO_PASSWORD, certificates(cert).toArray(new Certificate[0]));
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, NO_PASSWORD);
      return build(kmf, trusting(ca));
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("building a client from " + kubeconfig, e);
    }
  }

  /** Trusts only the certificates in {@code caPem}. */
  public static X509TrustManager trusting(String caPem) {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      int i = 0;
      for (Certificate cert : certificates(caPem)) {
        trust.setCertificateEntry("ca-" + i++, cert);
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      return (X509TrustManager) tmf.getTrustManagers()[0];
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("reading CA certificates", e);
    }
  }

  private static OkHttpClient build(KeyManagerFactory keys, X509TrustManager trust) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys == null ? null : keys.getKeyManagers(), new TrustManager[] {trust}, null);
      return new OkHttpClient.Builder()
          .sslSocketFactory(context.getSocketFactory(), trust)
          .connectTimeout(Duration.ofSeconds(5))
          .readTimeout(Duration.ofSeconds(10))
          .build();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("building a TLS client", e);
    }
  }

  private static List<? extends Certificate> certificates(String pem)
      throws GeneralSecurityException {
    return List.copyOf(
        CertificateFactory.getInstance("X.509")
            .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8))));
  }

  private static Object first(Object list) {
    return ((List<?>) list).get(0);
  }

  private static String decode(Object base64) {
    return new String(Base64.getDecoder().decode(String.valueOf(base64)), StandardCharsets.UTF_8);
  }
}
