package io.rancherd.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The proxy variables of an environment, upper case first, then lower case, as Go programs read
 * them: {@code HTTPS_PROXY}, {@code HTTP_PROXY} and {@code NO_PROXY}.
 */
record ProxyVariables(Optional<Map.Entry<String, String>> httpsProxy, Optional<Map.Entry<String, String>> httpProxy,
    Optional<Map.Entry<String, String>> noProxy) {

  static ProxyVariables of(Map<String, String> env) {
    return new ProxyVariables(first(env, "HTTPS_PROXY", "https_proxy"), first(env, "HTTP_PROXY", "http_proxy"),
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

  /** {@code http://user:secret@proxy:3128} as {@code http://***@proxy:3128}. */
  static String withoutCredentials(String value) {
    int at = value.lastIndexOf('@');
    if (at < 0) {
      return value;
    }
    int schemeEnd = value.indexOf("://");
    int start = schemeEnd >= 0 && schemeEnd < at ? schemeEnd + 3 : 0;
    return value.substring(0, start) + "***@" + value.substring(at + 1);
  }

  private static Optional<Map.Entry<String, String>> first(Map<String, String> env, String... names) {
    for (String name : names) {
      String value = env.get(name);
      if (value != null && !value.isBlank()) {
        return Optional.of(Map.entry(name, value.trim()));
      }
    }
    return Optional.empty();
  }
}
