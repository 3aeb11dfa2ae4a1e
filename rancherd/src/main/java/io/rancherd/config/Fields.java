package io.rancherd.config;

import io.rancherd.secret.Secret;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Typed, located access to the keys of one YAML mapping. Every accessor checks the type and throws
 * a {@link ConfigException} naming the file, line and key path, what was expected and what was
 * found. Unknown keys produce warnings with a suggestion; keys that differ from a known key only in
 * case are read as that key (as rancherd's Go JSON decoding does) with a warning.
 */
final class Fields {

  private final YamlNode.Mapping mapping;
  private final String prefix;

  private Fields(YamlNode.Mapping mapping, String prefix) {
    this.mapping = mapping;
    this.prefix = prefix;
  }

  /** Wraps {@code mapping}, normalising key case and warning about unknown keys. */
  static Fields of(
      YamlNode.Mapping mapping, String prefix, List<String> known, Consumer<String> warnings) {
    Map<String, YamlNode> entries = new LinkedHashMap<>();
    Map<String, Location> keys = new LinkedHashMap<>();
    mapping
        .entries()
        .forEach(
            (key, value) -> {
              Location at = mapping.keyLocation(key);
              String name = key;
              if (!known.contains(key)) {
                Optional<String> sameIgnoringCase = ConfigKeys.caseInsensitiveMatch(key, known);
                if (sameIgnoringCase.isPresent()) {
                  name = sameIgnoringCase.get();
                  warnings.accept(
                      at
                          + ": key '"
                          + path(prefix, key)
                          + "' is read as '"
                          + name
                          + "'; write it as '"
                          + name
                          + "'");
                } else {
                  warnings.accept(
                      at
                          + ": unknown key '"
                          + path(prefix, key)
                          + "' is ignored"
                          + ConfigKeys.suggestion(key, known)
                              .map(s -> " (did you mean '" + s + "'?)")
                              .orElse(""));
                  return;
                }
              }
              entries.put(name, value);
              keys.put(name, at);
            });
    return new Fields(new YamlNode.Mapping(entries, keys, mapping.location()), prefix);
  }

  static String path(String prefix, String key) {
    return prefix.isEmpty() ? key : prefix + "." + key;
  }

  String path(String key) {
    return path(prefix, key);
  }

  Location keyLocation(String key) {
    return mapping.keyLocation(key);
  }

  Map<String, Location> keyLocations() {
    return mapping.keyLocations();
  }

  /** The node for {@code key}, or empty when the key is absent or its value is empty (null). */
  Optional<YamlNode> node(String key) {
    YamlNode node = mapping.get(key);
    if (node == null || node instanceof YamlNode.Scalar s && s.isNull()) {
      return Optional.empty();
    }
    return Optional.of(node);
  }

  ConfigException error(String key, YamlNode node, String problem) {
    return new ConfigException(
        node == null ? keyLocation(key) : node.location(), path(key), problem);
  }

  ConfigException typeError(String key, YamlNode node, String expected) {
    return error(key, node, "expected " + expected + ", found " + node.describe());
  }

  /** A string value; an empty string counts as unset. */
  Optional<String> string(String key) throws ConfigException {
    Optional<YamlNode> node = node(key);
    if (node.isEmpty()) {
      return Optional.empty();
    }
    String value = asString(key, node.get(), false);
    return value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  /** A secret string: messages describe only the kind of a wrong value, never the value. */
  Optional<Secret> secret(String key) throws ConfigException {
    Optional<YamlNode> node = node(key);
    if (node.isEmpty()) {
      return Optional.empty();
    }
    String value = asString(key, node.get(), true);
    return value.isEmpty() ? Optional.empty() : Optional.of(new Secret(value));
  }

  private String asString(String key, YamlNode node, boolean secret) throws ConfigException {
    if (node instanceof YamlNode.Scalar s && s.value() instanceof String str) {
      return str;
    }
    String found = secret ? node.describeKind() : node.describe();
    String hint = node instanceof YamlNode.Scalar ? " (put the value in quotes)" : "";
    throw error(key, node, "expected a string, found " + found + hint);
  }

  boolean bool(String key, boolean defaultValue) throws ConfigException {
    Optional<YamlNode> node = node(key);
    if (node.isEmpty()) {
      return defaultValue;
    }
    if (node.get() instanceof YamlNode.Scalar s && s.value() instanceof Boolean b) {
      return b;
    }
    throw typeError(key, node.get(), "true or false");
  }

  Optional<Long> integer(String key) throws ConfigException {
    Optional<YamlNode> node = node(key);
    if (node.isEmpty()) {
      return Optional.empty();
    }
    if (node.get() instanceof YamlNode.Scalar s && s.value() instanceof Long l) {
      return Optional.of(l);
    }
    throw typeError(key, node.get(), "an integer");
  }

  Optional<YamlNode.Mapping> mapping(String key) throws ConfigException {
    Optional<YamlNode> node = node(key);
    if (node.isEmpty()) {
      return Optional.empty();
    }
    if (node.get() instanceof YamlNode.Mapping m) {
      return Optional.of(m);
    }
    throw typeError(key, node.get(), "a map");
  }

  /** A free-form map (rancherValues, extraConfig, registries); absent gives an empty map. */
  @SuppressWarnings("unchecked")
  Map<String, Object> plainMap(String key) throws ConfigException {
    return mapping(key).map(m -> (Map<String, Object>) m.toPlain()).orElse(Map.of());
  }

  List<YamlNode> list(String key) throws ConfigException {
    Optional<YamlNode> node = node(key);
    if (node.isEmpty()) {
      return List.of();
    }
    if (node.get() instanceof YamlNode.Sequence s) {
      return s.items();
    }
    throw typeError(key, node.get(), "a list");
  }

  /** A list of strings; each item is checked with {@code check} (null means valid). */
  List<String> strings(String key, String expected, ItemCheck check) throws ConfigException {
    List<String> result = new ArrayList<>();
    List<YamlNode> items = list(key);
    for (int i = 0; i < items.size(); i++) {
      YamlNode item = items.get(i);
      String itemPath = key + "[" + i + "]";
      if (!(item instanceof YamlNode.Scalar s && s.value() instanceof String str)) {
        String hint = item instanceof YamlNode.Scalar ? " (put the value in quotes)" : "";
        throw new ConfigException(
            item.location(),
            path(itemPath),
            "expected " + expected + ", found " + item.describe() + hint);
      }
      String problem = check == null ? null : check.problem(str);
      if (problem != null) {
        throw new ConfigException(
            item.location(),
            path(itemPath),
            "expected " + expected + ", found " + ConfigException.quote(str) + ": " + problem);
      }
      result.add(str);
    }
    return result;
  }

  /** Checks one list item; returns a problem description, or null when the item is valid. */
  @FunctionalInterface
  interface ItemCheck {
    String problem(String value);
  }
}
