package io.rancherd.registry;

import io.rancherd.error.InvalidInputException;
import io.rancherd.fs.Root;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The {@code registries} setting with the runtimes' semantics (k3s/RKE2 {@code registries.yaml},
 * runtimes.md §5.1): {@code mirrors} with endpoint lists and repository rewrites, {@code configs}
 * with credentials and TLS settings per host. The same map is written as the runtime's {@code
 * registries.yaml}, so one setting serves both.
 */
public record Registries(Map<String, Mirror> mirrors, Map<String, HostConfig> configs) {

  /** A registry's mirror endpoints (tried in order) and its repository rewrites. */
  public record Mirror(List<String> endpoints, Map<String, String> rewrites) {}

  /** Credentials and TLS settings for one host[:port]; every field may be absent. */
  public record HostConfig(
      Optional<String> username,
      Optional<String> password,
      Optional<String> auth,
      Optional<String> identityToken,
      Optional<String> caFile,
      Optional<String> certFile,
      Optional<String> keyFile,
      boolean insecureSkipVerify) {

    static final HostConfig NONE =
        new HostConfig(
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            false);

    /** True when any credential is configured. */
    public boolean hasCredentials() {
      return username.isPresent() || auth.isPresent() || identityToken.isPresent();
    }
  }

  public static final Registries NONE = new Registries(Map.of(), Map.of());

  public Registries {
    mirrors = Map.copyOf(mirrors);
    configs = Map.copyOf(configs);
  }

  /** The settings for {@code host} (host[:port]), or none. */
  public HostConfig config(String host) {
    return configs.getOrDefault(host, HostConfig.NONE);
  }

  /**
   * Reads a {@code registries.yaml} (the runtime's, which rancherd writes from the {@code
   * registries} key) at the machine path {@code file} under {@code root}; no file means no
   * settings.
   */
  public static Registries read(Root root, String file) throws InvalidInputException {
    Path path = root.path(file);
    if (!Files.isRegularFile(path)) {
      return NONE;
    }
    try (InputStream in = Files.newInputStream(path)) {
      Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
      if (loaded == null) {
        return NONE;
      }
      if (!(loaded instanceof Map<?, ?> map)) {
        throw new InvalidInputException(file + ": expected a map with mirrors and configs");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> typed = (Map<String, Object>) map;
      return from(typed);
    } catch (IOException | YAMLException e) {
      throw new InvalidInputException(
          file
              + ": cannot read it ("
              + e.getMessage().lines().findFirst().orElse("")
              + "); expected the registries.yaml that rancherd writes from the registries key");
    }
  }

  /** Reads the {@code registries} map; a wrong shape names the key and what is expected. */
  public static Registries from(Map<String, Object> map) throws InvalidInputException {
    Map<String, Mirror> mirrors = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : section(map, "mirrors").entrySet()) {
      String key = "registries.mirrors." + e.getKey();
      Map<String, Object> m = asMap(e.getValue(), key);
      List<String> endpoints = new ArrayList<>();
      Object list = m.get("endpoint");
      if (list != null) {
        if (!(list instanceof List<?> items)) {
          throw invalid(key + ".endpoint", "a list of URLs");
        }
        for (Object item : items) {
          if (!(item instanceof String s) || s.isBlank()) {
            throw invalid(key + ".endpoint", "a list of URLs");
          }
          endpoints.add(s.trim());
        }
      }
      Map<String, String> rewrites = new LinkedHashMap<>();
      for (Map.Entry<String, Object> r : asMap(m.get("rewrite"), key + ".rewrite").entrySet()) {
        if (!(r.getValue() instanceof String s)) {
          throw invalid(key + ".rewrite", "a map of regular expression to replacement");
        }
        rewrites.put(r.getKey(), s);
      }
      mirrors.put(e.getKey(), new Mirror(List.copyOf(endpoints), rewrites));
    }
    Map<String, HostConfig> configs = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : section(map, "configs").entrySet()) {
      String key = "registries.configs." + e.getKey();
      Map<String, Object> c = asMap(e.getValue(), key);
      Map<String, Object> auth = asMap(c.get("auth"), key + ".auth");
      Map<String, Object> tls = asMap(c.get("tls"), key + ".tls");
      Optional<String> token = string(auth, "identity_token", key + ".auth");
      if (token.isEmpty()) {
        token = string(auth, "identitytoken", key + ".auth");
      }
      HostConfig host =
          new HostConfig(
              string(auth, "username", key + ".auth"),
              string(auth, "password", key + ".auth"),
              string(auth, "auth", key + ".auth"),
              token,
              string(tls, "ca_file", key + ".tls"),
              string(tls, "cert_file", key + ".tls"),
              string(tls, "key_file", key + ".tls"),
              bool(tls, "insecure_skip_verify", key + ".tls"));
      if (host.auth().isPresent() && !validAuth(host.auth().get())) {
        throw invalid(key + ".auth.auth", "base64 of user:password");
      }
      for (String file : List.of("ca_file", "cert_file", "key_file")) {
        Object value = tls.get(file);
        if (value instanceof String path && !path.startsWith("/")) {
          throw invalid(key + ".tls." + file, "an absolute path, found \"" + path + "\"");
        }
      }
      if (host.certFile().isPresent() != host.keyFile().isPresent()) {
        throw invalid(key + ".tls", "cert_file and key_file both, or neither");
      }
      configs.put(e.getKey(), host);
    }
    return new Registries(mirrors, configs);
  }

  private static boolean validAuth(String auth) {
    try {
      String decoded =
          new String(
              java.util.Base64.getDecoder().decode(auth.trim()),
              java.nio.charset.StandardCharsets.UTF_8);
      return decoded.indexOf(':') > 0;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static Map<String, Object> section(Map<String, Object> map, String name)
      throws InvalidInputException {
    return asMap(map.get(name), "registries." + name);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object value, String key) throws InvalidInputException {
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof Map<?, ?>)) {
      throw invalid(key, "a map");
    }
    return (Map<String, Object>) value;
  }

  private static Optional<String> string(Map<String, Object> map, String name, String key)
      throws InvalidInputException {
    Object value = map.get(name);
    if (value == null) {
      return Optional.empty();
    }
    if (!(value instanceof String s)) {
      throw invalid(key + "." + name, "a string");
    }
    return Optional.of(s);
  }

  private static boolean bool(Map<String, Object> map, String name, String key)
      throws InvalidInputException {
    Object value = map.get(name);
    if (value == null) {
      return false;
    }
    if (!(value instanceof Boolean b)) {
      throw invalid(key + "." + name, "true or false");
    }
    return b;
  }

  private static InvalidInputException invalid(String key, String expected) {
    return new InvalidInputException("config key " + key + ": expected " + expected);
  }
}
