package io.rancherd.standin;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.Credentials;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * {@code k3s agent} / {@code rke2 agent}, minimal: validates the token against the server's
 * {@code /cacerts} as a joining node does (runtimes.md §3.3), waits for the supervisor to accept
 * its credentials, then serves kubelet's healthz.
 */
final class StandInAgent {

  /** Raised when the agent must stop with exit code 1. */
  static final class FatalException extends Exception {
    FatalException(String message) {
      super(message);
    }
  }

  private static final Duration RETRY = Duration.ofSeconds(2);

  private final Program program;
  private final RuntimeConfig config;
  private final MachineRoot root;

  StandInAgent(Program program, MachineRoot root, RuntimeConfig config) {
    this.program = program;
    this.root = root;
    this.config = config;
  }

  AutoCloseable start() throws FatalException, IOException, InterruptedException {
    String server = config.string("server").orElseThrow(() -> new FatalException("--server is required"))
        .replaceAll("/+$", "");
    if (!server.startsWith("https://")) {
      throw new FatalException("server URL must use https: " + server);
    }
    Token token = Token.parse(config.token(root).orElseThrow(() -> new FatalException("--token is required")));
    byte[] caBytes = fetchCaCerts(server);
    if (token.hasCaHash() && !token.matchesCa(caBytes)) {
      throw new FatalException("token CA hash does not match the Cluster CA certificate hash");
    }
    if (!token.hasCaHash()) {
      Log.warn("Cluster CA certificate is not trusted by the host CA bundle, but the token does not include a CA hash."
          + " Use the full token from the server's node-token file to enable Cluster CA validation.");
    }
    awaitSupervisor(server, caBytes, token.password());
    Listeners listeners = new Listeners();
    try {
      listeners.http("kubelet", Program.KUBELET_PORT, Listeners.healthz());
    } catch (IOException e) {
      listeners.close();
      throw e;
    }
    Log.info(program.id() + " agent is up and running; node " + StandInServer.nodeName(config));
    return listeners;
  }

  private byte[] fetchCaCerts(String server) throws InterruptedException, IOException {
    OkHttpClient insecure = client(trustAll());
    while (true) {
      try (Response response = insecure.newCall(new Request.Builder().url(server + "/cacerts").build()).execute()) {
        if (response.isSuccessful() && response.body() != null) {
          return response.body().bytes();
        }
        Log.warn("failed to get CA certs from " + server + ": HTTP " + response.code() + "; retrying");
      } catch (IOException e) {
        Log.warn("failed to get CA certs from " + server + ": " + e.getMessage() + "; retrying");
      }
      TimeUnit.MILLISECONDS.sleep(RETRY.toMillis());
    }
  }

  /** Waits until the supervisor, verified against the cluster CA, accepts {@code node:<password>}. */
  private void awaitSupervisor(String server, byte[] caBytes, String password) throws InterruptedException, IOException {
    OkHttpClient verified = client(trustOnly(caBytes));
    Request readyz = new Request.Builder().url(server + "/v1-" + program.id() + "/readyz")
        .header("Authorization", Credentials.basic("node", password)).build();
    while (true) {
      try (Response response = verified.newCall(readyz).execute()) {
        if (response.isSuccessful()) {
          return;
        }
        Log.warn("Waiting to retrieve agent configuration; server is not ready: " + server + " answered HTTP "
            + response.code());
      } catch (IOException e) {
        Log.warn("Waiting to retrieve agent configuration; server is not ready: " + e.getMessage());
      }
      TimeUnit.MILLISECONDS.sleep(RETRY.toMillis());
    }
  }

  private static OkHttpClient client(X509TrustManager trust) throws IOException {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trust}, new SecureRandom());
      OkHttpClient.Builder builder = new OkHttpClient.Builder()
          .sslSocketFactory(context.getSocketFactory(), trust)
          .connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(10));
      return builder.hostnameVerifier((host, session) -> true).build();
    } catch (GeneralSecurityException e) {
      throw new IOException("building a TLS client", e);
    }
  }

  private static X509TrustManager trustOnly(byte[] caBytes) throws IOException {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      int i = 0;
      for (var cert : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(caBytes))) {
        store.setCertificateEntry("ca-" + i++, cert);
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      return (X509TrustManager) factory.getTrustManagers()[0];
    } catch (GeneralSecurityException e) {
      throw new IOException("reading the cluster CA from /cacerts", e);
    }
  }

  private static X509TrustManager trustAll() {
    return io.rancherd.tls.TlsClients.trustingAnything();
  }
}
