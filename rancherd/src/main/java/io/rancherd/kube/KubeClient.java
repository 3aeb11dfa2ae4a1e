package io.rancherd.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rancherd.error.Causes;
import io.rancherd.tls.TlsClients;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLException;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * A minimal Kubernetes API client: GET, list by label, create and replace of JSON objects with the
 * identity of a kubeconfig. It trusts only the kubeconfig's CA and presents its client certificate
 * (or its bearer token); it is a {@code newBuilder()} copy of rancherd's shared HTTP client. A 404
 * is an empty result, not an error; other failures are {@link KubeApiException}s whose message says
 * what was asked of which server and why it failed.
 */
public final class KubeClient {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final int MAX_MESSAGE = 300;
  private static final MediaType APPLICATION_JSON = MediaType.get("application/json");

  private final Kubeconfig kubeconfig;
  private final OkHttpClient http;

  private KubeClient(Kubeconfig kubeconfig, OkHttpClient http) {
    this.kubeconfig = kubeconfig;
    this.http = http;
  }

  /**
   * A client for the kubeconfig's server. A kubeconfig that sets {@code insecure-skip-tls-verify}
   * or gives no CA is refused: rancherd talks only to an API server it can verify.
   */
  public static KubeClient create(Kubeconfig kubeconfig) throws KubeconfigException {
    if (kubeconfig.insecureSkipTlsVerify()) {
      throw new KubeconfigException(
          kubeconfig.file(),
          "insecure-skip-tls-verify is set; rancherd only talks to an API server it can verify: give certificate-authority-data");
    }
    if (kubeconfig.certificateAuthorities().isEmpty()) {
      throw new KubeconfigException(
          kubeconfig.file(),
          "the cluster has no certificate-authority(-data); rancherd trusts only the CA the kubeconfig names");
    }
    try {
      OkHttpClient http =
          TlsClients.trusting(
              kubeconfig.certificateAuthorities(),
              kubeconfig.clientCertificates(),
              kubeconfig.clientKey().orElse(null),
              TIMEOUT);
      return new KubeClient(kubeconfig, http);
    } catch (IOException e) {
      throw new KubeconfigException(
          kubeconfig.file(), "cannot build a TLS client from it: " + e.getMessage());
    }
  }

  public Kubeconfig kubeconfig() {
    return kubeconfig;
  }

  /**
   * GETs {@code path} (such as {@code /api/v1/nodes/n1}) and parses the JSON answer.
   *
   * @return empty when the server answers 404 Not Found
   * @throws KubeApiException no connection, TLS failure, rejected credentials, another error
   *     status, or a body that is not JSON
   */
  public Optional<JsonNode> get(String path) throws KubeApiException {
    return send("GET", path, null, 404);
  }

  /**
   * Lists the objects of the collection {@code path} (such as {@code
   * /apis/management.cattle.io/v3/users}) that carry the label {@code key=value}.
   *
   * @return the items; none when the collection does not exist (404: the resource is not served)
   */
  public List<JsonNode> list(String path, String key, String value) throws KubeApiException {
    String selector = URLEncoder.encode(key + "=" + value, StandardCharsets.UTF_8);
    List<JsonNode> items = new ArrayList<>();
    get(path + "?labelSelector=" + selector)
        .ifPresent(list -> list.path("items").forEach(items::add));
    return items;
  }

  /**
   * POSTs {@code object} to the collection {@code path}.
   *
   * @return the created object; empty when it already exists (409 AlreadyExists)
   */
  public Optional<JsonNode> create(String path, JsonNode object) throws KubeApiException {
    return send("POST", path, object, 409);
  }

  /**
   * PUTs {@code object} at {@code path}, replacing the object (its {@code metadata.resourceVersion}
   * guards against a lost update: a concurrent change is a 409).
   */
  public JsonNode replace(String path, JsonNode object) throws KubeApiException {
    return send("PUT", path, object, 0).orElseThrow();
  }

  /**
   * One request; the status {@code emptyOn} is an empty answer. The request body never appears in
   * an exception: it may hold a secret (a password hash); only the server's Status message does.
   */
  private Optional<JsonNode> send(String method, String path, JsonNode object, int emptyOn)
      throws KubeApiException {
    RequestBody body;
    try {
      body =
          object == null
              ? null
              : RequestBody.create(JSON.writeValueAsBytes(object), APPLICATION_JSON);
    } catch (JsonProcessingException e) {
      throw new KubeApiException(method + " " + path + ": cannot write the object as JSON", e);
    }
    Request.Builder request =
        new Request.Builder()
            .url(kubeconfig.server() + path)
            .method(method, body)
            .header("Accept", "application/json");
    kubeconfig.token().ifPresent(token -> request.header("Authorization", "Bearer " + token));
    String action = method + " " + kubeconfig.server() + path;
    try (Response response = http.newCall(request.build()).execute()) {
      int code = response.code();
      ResponseBody responseBody = response.body();
      String text = responseBody == null ? "" : responseBody.string();
      if (code == emptyOn) {
        return Optional.empty();
      }
      if (code == 401 || code == 403) {
        throw new KubeApiException(
            action
                + ": the API server rejected the admin credentials of "
                + kubeconfig.file()
                + " ("
                + kubeconfig.authentication()
                + "): "
                + code
                + statusMessage(text),
            code);
      }
      if (code < 200 || code >= 300) {
        throw new KubeApiException(action + ": " + code + statusMessage(text), code);
      }
      return Optional.of(JSON.readTree(text));
    } catch (JsonProcessingException e) {
      throw new KubeApiException(action + ": the answer is not JSON", 0);
    } catch (ConnectException e) {
      throw new KubeApiException(action + ": connection refused; is the API server running?", e);
    } catch (UnknownHostException e) {
      throw new KubeApiException(action + ": unknown host " + e.getMessage(), e);
    } catch (SSLException e) {
      throw new KubeApiException(
          action
              + ": TLS failed (the server must present a certificate signed by the CA of "
              + kubeconfig.file()
              + "): "
              + e.getMessage(),
          e);
    } catch (InterruptedIOException e) {
      throw new KubeApiException(action + ": no answer within " + TIMEOUT.toSeconds() + " s", e);
    } catch (IOException e) {
      throw new KubeApiException(action + ": " + Causes.describe(e), e);
    }
  }

  /** ": <message>" of a Kubernetes Status body, or nothing. */
  private static String statusMessage(String body) {
    try {
      JsonNode status = JSON.readTree(body);
      String message = status == null ? "" : status.path("message").asText("");
      if (message.isEmpty()) {
        return "";
      }
      return ": "
          + (message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "..." : message);
    } catch (JsonProcessingException e) {
      return "";
    }
  }
}
