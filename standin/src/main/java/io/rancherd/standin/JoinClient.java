package io.rancherd.standin;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
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
 * How a joining node, agent or server, talks to the server it joins (runtimes.md §3.3, §4.3): it
 * reads {@code /cacerts} without verification, checks the token's CA hash against those bytes (a
 * mismatch is fatal, a short token only warns), then makes every further request trusting only that
 * CA, host name checked, as {@code <user>:<password>}, and retries until the server says yes, as
 * k3s does. Agents are user {@code node}, joining servers user {@code server}.
 */
final class JoinClient {

  private static final Duration RETRY = Duration.ofSeconds(2);

  private final Program program;
  private final String server;
  private final String user;
  private final String password;
  private final byte[] caBytes;
  private final OkHttpClient verified;

  private JoinClient(Program program, String server, String user, String password, byte[] caBytes)
      throws IOException {
    this.program = program;
    this.server = server;
    this.user = user;
    this.password = password;
    this.caBytes = caBytes.clone();
    this.verified = client(trustOnly(caBytes)).build();
  }

  /**
   * Reads the configured {@code server} and token, fetches {@code /cacerts} and validates the token
   * against it.
   */
  static JoinClient connect(Program program, MachineRoot root, RuntimeConfig config, String user)
      throws FatalException, IOException, InterruptedException {
    String server =
        config
            .string("server")
            .orElseThrow(() -> new FatalException("--server is required"))
            .replaceAll("/+$", "");
    if (!server.startsWith("https://")) {
      throw new FatalException("server URL must use https: " + server);
    }
    Token token =
        Token.parse(
            config.token(root).orElseThrow(() -> new FatalException("--token is required")));
    byte[] caBytes = fetchCaCerts(server);
    if (token.hasCaHash() && !token.matchesCa(caBytes)) {
      throw new FatalException("token CA hash does not match the Cluster CA certificate hash");
    }
    if (!token.hasCaHash()) {
      Log.warn(
          "Cluster CA certificate is not trusted by the host CA bundle, but the token does not include a CA hash."
              + " Use the full token from the server's node-token file to enable Cluster CA validation.");
    }
    return new JoinClient(program, server, user, token.password(), caBytes);
  }

  String server() {
    return server;
  }

  /** The cluster CA as {@code /cacerts} served it. */
  byte[] caBytes() {
    return caBytes.clone();
  }

  /** Waits until the supervisor's {@code readyz} accepts this client's credentials. */
  void awaitReady() throws InterruptedException {
    fetch(
        "/v1-" + program.id() + "/readyz",
        null,
        "Waiting to retrieve agent configuration; server is not ready");
  }

  /**
   * GETs {@code path}, with {@code identity}'s node headers when not null, until the answer is 2xx;
   * each failure is logged as {@code waiting: <problem>; retrying}.
   */
  byte[] fetch(String path, NodeIdentity identity, String waiting) throws InterruptedException {
    Request.Builder request =
        new Request.Builder()
            .url(server + path)
            .header("Authorization", Credentials.basic(user, password));
    if (identity != null) {
      identity.addHeaders(program, request);
    }
    while (true) {
      String problem;
      try (Response response = verified.newCall(request.build()).execute()) {
        if (response.isSuccessful() && response.body() != null) {
          return response.body().bytes();
        }
        problem = describe(path, response.code());
      } catch (IOException e) {
        problem = server + path + ": " + e.getMessage();
      }
      Log.warn(waiting + ": " + problem + "; retrying");
      TimeUnit.MILLISECONDS.sleep(RETRY.toMillis());
    }
  }

  private String describe(String path, int code) {
    return switch (code) {
      case 401 -> server + path + ": 401 Unauthorized";
      case 403 ->
          "Node password rejected, duplicate hostname or contents of '"
              + NodeIdentity.PASSWORD_FILE
              + "' may not match server node-passwd entry, try enabling a unique node name with the --with-node-id flag";
      default -> server + path + ": HTTP " + code;
    };
  }

  private static byte[] fetchCaCerts(String server) throws InterruptedException, IOException {
    OkHttpClient insecure =
        client(TlsContexts.trustingAnything()).hostnameVerifier((host, session) -> true).build();
    while (true) {
      try (Response response =
          insecure.newCall(new Request.Builder().url(server + "/cacerts").build()).execute()) {
        if (response.isSuccessful() && response.body() != null) {
          return response.body().bytes();
        }
        Log.warn(
            "failed to get CA certs from " + server + ": HTTP " + response.code() + "; retrying");
      } catch (IOException e) {
        Log.warn("failed to get CA certs from " + server + ": " + e.getMessage() + "; retrying");
      }
      TimeUnit.MILLISECONDS.sleep(RETRY.toMillis());
    }
  }

  private static OkHttpClient.Builder client(X509TrustManager trust) throws IOException {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trust}, new SecureRandom());
      return new OkHttpClient.Builder()
          .sslSocketFactory(context.getSocketFactory(), trust)
          .connectTimeout(Duration.ofSeconds(5))
          .readTimeout(Duration.ofSeconds(10));
    } catch (GeneralSecurityException e) {
      throw new IOException("building a TLS client", e);
    }
  }

  private static X509TrustManager trustOnly(byte[] caBytes) throws IOException {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      int i = 0;
      for (var cert :
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(caBytes))) {
        store.setCertificateEntry("ca-" + i++, cert);
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      return (X509TrustManager) factory.getTrustManagers()[0];
    } catch (GeneralSecurityException e) {
      throw new IOException("reading the cluster CA from /cacerts", e);
    }
  }
}
