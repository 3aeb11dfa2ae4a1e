package io.rancherd.proxy;

import io.rancherd.error.InvalidInputException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Chooses a proxy from {@code HTTPS_PROXY}, {@code HTTP_PROXY} and {@code NO_PROXY} (upper case
 * first, then lower case), as Go programs such as k3s and rancherd do; the JVM ignores these
 * variables. Proxy values are {@code http://[user:password@]host[:port]}, a bare {@code host:port}
 * (taken as http) or {@code socks5://host[:port]}. {@code NO_PROXY} is read by {@link NoProxy}, the
 * rule {@code doctor} shares; an invalid entry is an error. Loopback hosts never go through a
 * proxy.
 */
public final class EnvProxySelector extends ProxySelector {

  /** A proxy chosen from one variable, with the credentials from its URL, if any. */
  public record EnvProxy(
      String variable, Proxy proxy, Optional<String> user, Optional<String> password) {

    /** host:port, without credentials: safe for messages. */
    String describe() {
      InetSocketAddress address = (InetSocketAddress) proxy.address();
      return address.getHostString() + ":" + address.getPort();
    }
  }

  private final Optional<EnvProxy> https;
  private final Optional<EnvProxy> http;
  private final NoProxy noProxy;

  private EnvProxySelector(Optional<EnvProxy> https, Optional<EnvProxy> http, NoProxy noProxy) {
    this.https = https;
    this.http = http;
    this.noProxy = noProxy;
  }

  /**
   * Reads the proxy variables from {@code env}; a value that is not a usable proxy URL is an error.
   */
  public static EnvProxySelector fromEnvironment(Map<String, String> env)
      throws InvalidInputException {
    Optional<EnvProxy> https = proxy(env, "HTTPS_PROXY", "https_proxy");
    Optional<EnvProxy> http = proxy(env, "HTTP_PROXY", "http_proxy");
    Optional<Map.Entry<String, String>> variable = first(env, "NO_PROXY", "no_proxy");
    NoProxy noProxy = NoProxy.parse(variable.map(Map.Entry::getValue).orElse(""));
    if (!noProxy.invalid().isEmpty()) {
      throw new InvalidInputException(
          "environment variable "
              + variable.get().getKey()
              + ": "
              + noProxy.invalid().get(0).describe()
              + ": correct or remove it");
    }
    return new EnvProxySelector(https, http, noProxy);
  }

  /** The proxy for {@code uri}, if one applies. */
  Optional<EnvProxy> proxyFor(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    Optional<EnvProxy> proxy =
        switch (scheme) {
          case "https" -> https;
          case "http" -> http;
          default -> Optional.empty();
        };
    if (proxy.isEmpty() || uri.getHost() == null) {
      return Optional.empty();
    }
    String host = unbracket(uri.getHost().toLowerCase(Locale.ROOT));
    int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
    return bypass(host, port) ? Optional.empty() : proxy;
  }

  /** Whether {@code host} (lower case, no brackets) on {@code port} is reached directly. */
  boolean bypass(String host, int port) {
    if (host.equals("localhost")) {
      return true;
    }
    Optional<byte[]> ip = IpRange.literal(host);
    if (ip.isPresent() && isLoopback(ip.get())) {
      return true;
    }
    return noProxy.bypasses(host, port);
  }

  /** The proxy whose address is {@code proxy}'s, to find its credentials. */
  public Optional<EnvProxy> byProxy(Proxy proxy) {
    return https
        .filter(p -> p.proxy().equals(proxy))
        .or(() -> http.filter(p -> p.proxy().equals(proxy)));
  }

  @Override
  public List<Proxy> select(URI uri) {
    return List.of(proxyFor(uri).map(EnvProxy::proxy).orElse(Proxy.NO_PROXY));
  }

  @Override
  public void connectFailed(URI uri, SocketAddress address, IOException e) {
    // Nothing to fall back to: the error reaches the caller, which names the proxy.
  }

  private static Optional<EnvProxy> proxy(Map<String, String> env, String upper, String lower)
      throws InvalidInputException {
    Optional<Map.Entry<String, String>> found = first(env, upper, lower);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    String variable = found.get().getKey();
    String value = found.get().getValue().trim();
    String withScheme = value.contains("://") ? value : "http://" + value;
    URI uri;
    try {
      uri = new URI(withScheme);
    } catch (URISyntaxException e) {
      throw badProxy(variable, value, "it is not a URL");
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    Proxy.Type type;
    int defaultPort;
    switch (scheme) {
      case "http" -> {
        type = Proxy.Type.HTTP;
        defaultPort = 80;
      }
      case "socks5", "socks5h" -> {
        type = Proxy.Type.SOCKS;
        defaultPort = 1080;
      }
      case "https" ->
          throw badProxy(
              variable, value, "proxies reached over TLS are not supported; use http://host:port");
      default -> throw badProxy(variable, value, "the scheme must be http or socks5");
    }
    if (uri.getHost() == null) {
      throw badProxy(variable, value, "it names no host");
    }
    int port = uri.getPort() == -1 ? defaultPort : uri.getPort();
    Optional<String> user = Optional.empty();
    Optional<String> password = Optional.empty();
    if (uri.getUserInfo() != null) {
      String info = uri.getUserInfo();
      int colon = info.indexOf(':');
      user = Optional.of(colon < 0 ? info : info.substring(0, colon));
      password = Optional.of(colon < 0 ? "" : info.substring(colon + 1));
    }
    Proxy proxy =
        new Proxy(type, InetSocketAddress.createUnresolved(unbracket(uri.getHost()), port));
    return Optional.of(new EnvProxy(variable, proxy, user, password));
  }

  private static InvalidInputException badProxy(String variable, String value, String problem) {
    return new InvalidInputException(
        "environment variable "
            + variable
            + "="
            + withoutCredentials(value)
            + " is not a usable proxy: "
            + problem);
  }

  /** The proxy value with any user and password replaced, for messages. */
  public static String withoutCredentials(String value) {
    int at = value.lastIndexOf('@');
    if (at < 0) {
      return value;
    }
    int schemeEnd = value.indexOf("://");
    int start = schemeEnd >= 0 && schemeEnd < at ? schemeEnd + 3 : 0;
    return value.substring(0, start) + "***@" + value.substring(at + 1);
  }

  /** The first of {@code names} set to a non-blank value in {@code env}, with its value trimmed. */
  public static Optional<Map.Entry<String, String>> first(
      Map<String, String> env, String... names) {
    for (String name : names) {
      String value = env.get(name);
      if (value != null && !value.isBlank()) {
        return Optional.of(Map.entry(name, value.trim()));
      }
    }
    return Optional.empty();
  }

  /** Whether {@code host} is an IPv4 or IPv6 address literal (brackets allowed); never asks DNS. */
  public static boolean isAddress(String host) {
    return IpRange.literal(unbracket(host)).isPresent();
  }

  static String unbracket(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  private static boolean isLoopback(byte[] address) {
    try {
      return InetAddress.getByAddress(address).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
