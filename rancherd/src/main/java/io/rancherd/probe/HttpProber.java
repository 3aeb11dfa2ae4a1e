package io.rancherd.probe;

import io.rancherd.error.Causes;
import io.rancherd.fs.Root;
import io.rancherd.plan.model.HttpGet;
import io.rancherd.plan.model.PlanProbe;
import io.rancherd.tls.Pem;
import io.rancherd.tls.TlsClients;
import io.rancherd.wait.CheckResult;
import java.io.IOException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Checks HTTP(S) probes as rancher/system-agent does (docs/runtimes.md §8.2): a 2xx or 3xx answer
 * is success; {@code insecure} skips verification, otherwise the {@code caCert} file is the only
 * trusted root; the client certificate is presented when both cert and key are set. Cert paths are
 * machine paths, read under the root. Clients are built once per probe, once the files exist.
 */
public final class HttpProber implements Prober {

  private final Root root;
  private final Map<String, OkHttpClient> clients = new HashMap<>();

  public HttpProber(Root root) {
    this.root = root;
  }

  @Override
  public CheckResult check(PlanProbe probe) {
    HttpGet get = probe.httpGet();
    OkHttpClient client;
    try {
      client = client(probe);
    } catch (IOException e) {
      return new CheckResult(false, e.getMessage());
    }
    Request request = new Request.Builder().url(get.url()).get().build();
    try (Response response = client.newCall(request).execute()) {
      int code = response.code();
      return new CheckResult(code >= 200 && code < 400, String.valueOf(code));
    } catch (SSLException e) {
      return new CheckResult(false, "TLS: " + e.getMessage());
    } catch (IOException e) {
      return new CheckResult(false, Causes.describe(e));
    }
  }

  private OkHttpClient client(PlanProbe probe) throws IOException {
    OkHttpClient cached = clients.get(probe.name());
    if (cached != null) {
      return cached;
    }
    HttpGet get = probe.httpGet();
    Duration timeout = Duration.ofSeconds(Math.max(1, probe.timeoutSeconds()));
    OkHttpClient client;
    if (!get.url().startsWith("https:")) {
      client = TlsClients.base().newBuilder().callTimeout(timeout).build();
    } else if (get.insecure()) {
      client = TlsClients.insecureForHealthChecks(timeout);
    } else {
      List<X509Certificate> roots =
          present(get.caCert())
              ? Pem.certificates(file(get.caCert(), "CA certificate"))
              : List.of();
      boolean withClientCert = present(get.clientCert()) && present(get.clientKey());
      List<X509Certificate> chain =
          withClientCert
              ? Pem.certificates(file(get.clientCert(), "client certificate"))
              : List.of();
      PrivateKey key = withClientCert ? Pem.privateKey(file(get.clientKey(), "client key")) : null;
      client = TlsClients.trusting(roots, chain, key, timeout);
    }
    clients.put(probe.name(), client);
    return client;
  }

  private java.nio.file.Path file(String machinePath, String what) throws IOException {
    java.nio.file.Path path = root.path(machinePath);
    if (!java.nio.file.Files.isRegularFile(path)) {
      throw new IOException(what + " " + machinePath + " does not exist yet");
    }
    return path;
  }

  private static boolean present(String s) {
    return s != null && !s.isEmpty();
  }
}
