package io.rancherd.doctor;

import static io.rancherd.proxy.EnvProxySelector.first;
import static io.rancherd.proxy.EnvProxySelector.withoutCredentials;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The proxy variables of an environment, upper case first, then lower case, as Go programs read
 * them: {@code HTTPS_PROXY}, {@code HTTP_PROXY} and {@code NO_PROXY}.
 */
record ProxyVariables(
    Optional<Map.Entry<String, String>> httpsProxy,
    Optional<Map.Entry<String, String>> httpProxy,
    Optional<Map.Entry<String, String>> noProxy) {

  static ProxyVariables of(Map<String, String> env) {
    return new ProxyVariables(
        first(env, "HTTPS_PROXY", "https_proxy"),
        first(env, "HTTP_PROXY", "http_proxy"),
        first(env, "NO_PROXY", "no_proxy"));
  }

  boolean anyProxy() {
    return httpsProxy.isPresent() || httpProxy.isPresent();
  }

  /** {@code HTTPS_PROXY=http://proxy:3128, HTTP_PROXY=...}, credentials masked. */
  String describeProxies() {
    List<String> set = new ArrayList<>();
    httpsProxy.ifPresent(e -> set.add(e.getKey() + "=" + withoutCredentials(e.getValue())));
    httpProxy.ifPresent(e -> set.add(e.getKey() + "=" + withoutCredentials(e.getValue())));
    return String.join(", ", set);
  }

  String noProxyValue() {
    return noProxy.map(Map.Entry::getValue).orElse("");
  }

  /** The variable NO_PROXY is read from ({@code NO_PROXY} or {@code no_proxy}). */
  String noProxyName() {
    return noProxy.map(Map.Entry::getKey).orElse("NO_PROXY");
  }
}
