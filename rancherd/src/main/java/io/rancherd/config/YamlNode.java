package io.rancherd.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML value that remembers where it was written, so that validation messages can name the file
 * and line. Plain Java values (maps, lists, scalars) are obtained with {@link #toPlain()}.
 */
public sealed interface YamlNode permits YamlNode.Mapping, YamlNode.Sequence, YamlNode.Scalar {

  Location location();

  /**
   * Converts to plain Java values: LinkedHashMap, ArrayList, String, Long, Double, Boolean or null.
   */
  Object toPlain();

  /** Describes the value for messages ("a map", "the integer 3", ...). */
  String describe();

  /** Describes only the kind of value, never its content; used for secrets. */
  default String describeKind() {
    return describe();
  }

  /** A YAML mapping with string keys; key locations are kept for messages about keys. */
  record Mapping(
      Map<String, YamlNode> entries, Map<String, Location> keyLocations, Location location)
      implements YamlNode {

    public Mapping {
      entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
      keyLocations = Collections.unmodifiableMap(new LinkedHashMap<>(keyLocations));
    }

    public static Mapping empty(Location location) {
      return new Mapping(Map.of(), Map.of(), location);
    }

    public YamlNode get(String key) {
      return entries.get(key);
    }

    public Location keyLocation(String key) {
      return keyLocations.getOrDefault(key, location);
    }

    @Override
    public Object toPlain() {
      Map<String, Object> result = new LinkedHashMap<>();
      entries.forEach((k, v) -> result.put(k, v.toPlain()));
      return result;
    }

    @Override
    public String describe() {
      return "a map";
    }
  }

  /** A YAML sequence. */
  record Sequence(List<YamlNode> items, Location location) implements YamlNode {

    public Sequence {
      items = List.copyOf(items);
    }

    @Override
    public Object toPlain() {
      List<Object> result = new ArrayList<>();
      items.forEach(item -> result.add(item.toPlain()));
      return result;
    }

    @Override
    public String describe() {
      return "a list";
    }
  }

  /** A YAML scalar: String, Long, Double, Boolean, another constructed value, or null. */
  record Scalar(Object value, Location location) implements YamlNode {

    @Override
    public Object toPlain() {
      return value;
    }

    public boolean isNull() {
      return value == null;
    }

    @Override
    public String describeKind() {
      if (value == null) {
        return "an empty value";
      }
      if (value instanceof String) {
        return "a string";
      }
      if (value instanceof Boolean) {
        return "a boolean";
      }
      if (value instanceof java.util.Date) {
        return "a date";
      }
      return value instanceof Double ? "a number" : "an integer";
    }

    @Override
    public String describe() {
      if (value == null) {
        return "an empty value";
      }
      if (value instanceof String s) {
        return "the string " + ConfigException.quote(s);
      }
      if (value instanceof Boolean b) {
        return "the boolean " + b;
      }
      if (value instanceof Long
          || value instanceof Integer
          || value instanceof java.math.BigInteger) {
        return "the integer " + value;
      }
      if (value instanceof Double d) {
        return "the number " + d;
      }
      return "the value " + value;
    }
  }
}
