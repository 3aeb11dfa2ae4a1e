package io.rancherd.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rancherd.registry.Registries.HostConfig;
import io.rancherd.registry.RegistryException.Kind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import okhttp3.Credentials;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * GETs against one endpoint with the registry's auth flow: anonymous first; on a 401, basic
 * credentials or a Bearer token fetched from the challenge's realm (with the credentials, or the
 * identity token as a refresh token); redirects followed (to blob storage, without the registry's
 * Authorization header when the host changes); passing failures retried with backoff.
 */
final class RegistrySession {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_REDIRECTS = 5;

  private final Endpoint endpoint;
  private final OkHttpClient client;
  private final Retries retries;
  private final Failures failures;
  private String authorization;

  RegistrySession(Endpoint endpoint, OkHttpClient client, Retries retries, Failures failures) {
    this.endpoint = endpoint;
    this.client = client;
    this.retries = retries;
    this.failures = failures;
  }

  Endpoint endpoint() {
    return endpoint;
  }

  /** GETs {@code path} (under /v2/<repository>/) and returns the open 2xx response. */
  Response get(String path, String accept) throws RegistryException, InterruptedException {
    HttpUrl url = HttpUrl.get(endpoint.base() + "/" + endpoint.image().repository() + "/" + path);
    for (int attempt = 1; ; attempt++) {
      try {
        return once(url, accept);
      } catch (RegistryException e) {
        boolean passing = e.kind() == Kind.OFFLINE || e.kind() == Kind.UNAVAILABLE;
        if (!passing || attempt >= retries.attempts()) {
          throw e;
        }
        retries.pause(attempt);
      }
    }
  }

  private Response once(HttpUrl url, String accept) throws RegistryException, InterruptedException {
    Response response = send(url, accept, authorization);
    if (response.code() == 401) {
      Optional<Challenge> challenge = Challenge.parse(response.header("WWW-Authenticate"));
      response.close();
      authorization = authorize(challenge);
      response = send(url, accept, authorization);
    }
    HttpUrl current = url;
    for (int hop = 0; isRedirect(response.code()); hop++) {
      String location = response.header("Location");
      response.close();
      HttpUrl next = location == null ? null : current.resolve(location);
      if (next == null || hop == MAX_REDIRECTS || (current.isHttps() && !next.isHttps())) {
        throw failures.badAnswer(endpoint, "redirected to " + next + ", which is not followed");
      }
      boolean sameHost = next.host().equals(url.host()) && next.port() == url.port();
      response = send(next, accept, sameHost ? authorization : null);
      current = next;
    }
    if (response.isSuccessful()) {
      return response;
    }
    int code = response.code();
    String status = code + (response.message().isBlank() ? "" : " " + response.message());
    response.close();
    throw failures.forStatus(endpoint, code, status, authorization != null);
  }

  private Response send(HttpUrl url, String accept, String auth)
      throws RegistryException, InterruptedException {
    Request.Builder request = new Request.Builder().url(url).get();
    if (accept != null) {
      request.header("Accept", accept);
    }
    if (auth != null) {
      request.header("Authorization", auth);
    }
    try {
      return client.newCall(request.build()).execute();
    } catch (IOException e) {
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedException("interrupted while pulling");
      }
      throw failures.transport(endpoint, url, e);
    }
  }

  private String authorize(Optional<Challenge> challenge)
      throws RegistryException, InterruptedException {
    HostConfig config = endpoint.config();
    Optional<String> basic = basicCredentials(config);
    if (challenge.isPresent() && challenge.get().bearer()) {
      return "Bearer " + token(challenge.get(), basic);
    }
    if (basic.isEmpty()) {
      throw failures.credentialsMissing(endpoint);
    }
    return basic.get();
  }

  private String token(Challenge challenge, Optional<String> basic)
      throws RegistryException, InterruptedException {
    String realm = challenge.param("realm").orElse(null);
    HttpUrl realmUrl = realm == null ? null : HttpUrl.parse(realm);
    if (realmUrl == null) {
      throw failures.badAnswer(endpoint, "sent a Bearer challenge without a usable realm");
    }
    boolean credentials = basic.isPresent() || endpoint.config().identityToken().isPresent();
    if (credentials && !realmUrl.isHttps() && !realmUrl.host().equals(endpoint.base().host())) {
      // credentials go in clear only to the registry's own host (a plain-http registry itself)
      throw failures.badAnswer(
          endpoint,
          "sent a Bearer challenge whose token server "
              + realmUrl.host()
              + " is plain http; the credentials were not sent there");
    }
    String scope =
        challenge.param("scope").orElse("repository:" + endpoint.image().repository() + ":pull");
    HttpUrl.Builder query = realmUrl.newBuilder().addQueryParameter("scope", scope);
    challenge.param("service").ifPresent(s -> query.addQueryParameter("service", s));
    Request.Builder request = new Request.Builder().url(query.build());
    Optional<String> identityToken = endpoint.config().identityToken();
    if (identityToken.isPresent()) {
      FormBody.Builder form =
          new FormBody.Builder()
              .add("grant_type", "refresh_token")
              .add("refresh_token", identityToken.get())
              .add("client_id", "rancherd")
              .add("scope", scope);
      challenge.param("service").ifPresent(s -> form.add("service", s));
      request.url(realmUrl).post(form.build());
    } else {
      basic.ifPresent(b -> request.header("Authorization", b));
    }
    try (Response response = client.newCall(request.build()).execute()) {
      if (response.code() == 401 || response.code() == 403) {
        throw failures.credentialsRejected(endpoint, response.code() + " from the token server");
      }
      if (!response.isSuccessful() || response.body() == null) {
        throw failures.badAnswer(
            endpoint, "the token server " + realmUrl.host() + " answered " + response.code());
      }
      JsonNode body = JSON.readTree(response.body().byteStream());
      String token = body.path("token").asText(body.path("access_token").asText(""));
      if (token.isEmpty()) {
        throw failures.badAnswer(endpoint, "the token server's answer holds no token");
      }
      return token;
    } catch (IOException e) {
      throw failures.transport(endpoint, realmUrl, e);
    }
  }

  private static Optional<String> basicCredentials(HostConfig config) {
    if (config.username().isPresent()) {
      return Optional.of(
          Credentials.basic(
              config.username().get(), config.password().orElse(""), StandardCharsets.UTF_8));
    }
    if (config.auth().isPresent()) {
      String decoded =
          new String(
              Base64.getDecoder().decode(config.auth().get().trim()), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      if (colon > 0) {
        return Optional.of(
            Credentials.basic(
                decoded.substring(0, colon), decoded.substring(colon + 1), StandardCharsets.UTF_8));
      }
    }
    return Optional.empty();
  }

  private static boolean isRedirect(int code) {
    return code == 301 || code == 302 || code == 303 || code == 307 || code == 308;
  }
}
