package io.rancherd.registry;

import io.rancherd.error.InvalidInputException;
import io.rancherd.registry.Registries.HostConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import okhttp3.HttpUrl;

/**
 * One place to pull an image from: a mirror endpoint or the registry's default endpoint, with the
 * repository after the mirror's rewrites and the host's settings.
 *
 * @param base the API base, ending in {@code /v2}
 * @param image the image as this endpoint names it (rewritten for mirrors)
 * @param mirror true for a mirror endpoint, false for the registry's own
 * @param config the {@code configs} entry for the endpoint's host[:port]
 */
record Endpoint(HttpUrl base, ImageReference image, boolean mirror, HostConfig config) {

  /** host[:port] of the endpoint, as {@code configs} keys name it. */
  public String host() {
    return hostKey(base);
  }

  /**
   * The endpoints for {@code image}, in the order they are tried: the mirror's endpoints (the
   * registry's own entry, or {@code *} when it has none), then the default endpoint.
   */
  public static List<Endpoint> forImage(ImageReference image, Registries registries)
      throws InvalidInputException {
    List<Endpoint> endpoints = new ArrayList<>();
    Registries.Mirror mirror = registries.mirrors().get(image.registry());
    if (mirror == null) {
      mirror = registries.mirrors().get("*");
    }
    if (mirror != null) {
      ImageReference rewritten = rewrite(image, mirror.rewrites());
      for (String url : mirror.endpoints()) {
        HttpUrl base = normalize(url);
        endpoints.add(new Endpoint(base, rewritten, true, registries.config(hostKey(base))));
      }
    }
    String defaultHost =
        image.registry().equals(ImageReference.DOCKER_HUB)
            ? "registry-1.docker.io"
            : image.registry();
    HttpUrl base = normalize(defaultHost);
    HostConfig config = registries.config(hostKey(base));
    if (config == HostConfig.NONE) {
      config = registries.config(image.registry());
    }
    if (endpoints.stream().noneMatch(e -> e.base().equals(base))) {
      endpoints.add(new Endpoint(base, image, false, config));
    }
    return List.copyOf(endpoints);
  }

  /**
   * An endpoint URL as the runtimes read it: no scheme means https (http for localhost on a port
   * other than 443); an empty path, {@code /} or {@code /v2} becomes {@code /v2}.
   */
  static HttpUrl normalize(String endpoint) throws InvalidInputException {
    String url = endpoint.trim();
    if (!url.contains("://")) {
      boolean local = url.startsWith("localhost:") && !url.matches("[^/]*:443(/.*)?");
      url = (local ? "http://" : "https://") + url;
    }
    HttpUrl parsed = HttpUrl.parse(url);
    if (parsed == null) {
      throw new InvalidInputException(
          "registry endpoint \"" + endpoint + "\": not a URL; expected https://host[:port][/v2]");
    }
    String path = parsed.encodedPath();
    if (path.isEmpty() || path.equals("/") || path.equals("/v2/")) {
      path = "/v2";
    }
    if (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return parsed.newBuilder().encodedPath(path).query(null).build();
  }

  private static ImageReference rewrite(ImageReference image, Map<String, String> rewrites)
      throws InvalidInputException {
    for (Map.Entry<String, String> rule : rewrites.entrySet()) {
      Pattern pattern;
      try {
        pattern = Pattern.compile(rule.getKey());
      } catch (PatternSyntaxException e) {
        throw new InvalidInputException(
            "config key registries.mirrors."
                + image.registry()
                + ".rewrite: \""
                + rule.getKey()
                + "\" is not a regular expression ("
                + e.getDescription()
                + ")");
      }
      var matcher = pattern.matcher(image.repository());
      if (matcher.find()) {
        return image.withRepository(matcher.replaceFirst(rule.getValue()));
      }
    }
    return image;
  }

  static String hostKey(HttpUrl url) {
    boolean defaultPort = url.port() == HttpUrl.defaultPort(url.scheme());
    return defaultPort ? url.host() : url.host() + ":" + url.port();
  }
}
