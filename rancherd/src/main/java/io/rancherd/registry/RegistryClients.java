package io.rancherd.registry;

import io.rancherd.error.InvalidInputException;
import io.rancherd.fs.Root;
import io.rancherd.registry.Registries.HostConfig;
import io.rancherd.tls.Pem;
import io.rancherd.tls.TlsClients;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;

/**
 * The HTTP client for one registry host: the caller's base client (its proxy settings) with the
 * host's {@code tls} settings: {@code ca_file} (trusted in addition to the JVM's roots), {@code
 * cert_file}/{@code key_file} (a client certificate), {@code insecure_skip_verify}. The files are
 * machine paths, read under rancherd's {@code --root} like every other path. Its sockets offer
 * ChaCha20-Poly1305 first ({@link ChaChaFirst}).
 */
final class RegistryClients {

  static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

  private RegistryClients() {}

  static OkHttpClient forHost(OkHttpClient base, Root root, String host, HostConfig config)
      throws InvalidInputException {
    OkHttpClient.Builder builder =
        base.newBuilder()
            .readTimeout(READ_TIMEOUT)
            .callTimeout(Duration.ZERO)
            .followRedirects(false)
            .followSslRedirects(false);
    boolean custom =
        config.insecureSkipVerify() || config.caFile().isPresent() || config.certFile().isPresent();
    if (!custom) {
      if (base.x509TrustManager() != null) {
        builder.sslSocketFactory(new ChaChaFirst(base.sslSocketFactory()), base.x509TrustManager());
      }
      return builder.build();
    }
    String key = "registries.configs.\"" + host + "\".tls";
    try {
      X509TrustManager trust =
          config.insecureSkipVerify()
              ? TlsClients.trustingAnything()
              : trustManager(
                  config.caFile().isPresent()
                      ? Pem.certificates(file(root, config.caFile().get()))
                      : List.of());
      KeyManager[] keys = null;
      if (config.certFile().isPresent()) {
        keys =
            TlsClients.keyManagers(
                Pem.certificates(file(root, config.certFile().get())),
                Pem.privateKey(file(root, config.keyFile().orElseThrow())));
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys, new TrustManager[] {trust}, null);
      builder.sslSocketFactory(new ChaChaFirst(context.getSocketFactory()), trust);
      if (config.insecureSkipVerify()) {
        builder.hostnameVerifier((h, session) -> true);
      }
      return builder.build();
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      throw new InvalidInputException(
          "config key "
              + key
              + ": cannot use the configured files ("
              + e.getMessage()
              + "); expected readable PEM files for ca_file, cert_file and key_file");
    }
  }

  /** A configured TLS file: an absolute machine path, under {@code root}. */
  private static Path file(Root root, String machinePath) {
    if (!machinePath.startsWith("/")) {
      throw new IllegalArgumentException(machinePath + " is not an absolute path");
    }
    return root.path(machinePath);
  }

  /** {@code extra} (a host's ca_file) trusted in addition to the JVM's roots. */
  private static X509TrustManager trustManager(List<X509Certificate> extra)
      throws GeneralSecurityException, IOException {
    List<X509Certificate> roots = new ArrayList<>(extra);
    roots.addAll(TlsClients.systemRoots());
    return TlsClients.trustManager(roots);
  }
}
