package io.rancherd.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Deep immutable copies of plain YAML values (maps, lists and scalars). */
final class PlainValues {

  private PlainValues() {}

  static Map<String, Object> immutableMap(Map<String, Object> map) {
    Map<String, Object> copy = new LinkedHashMap<>();
    map.forEach((k, v) -> copy.put(k, immutable(v)));
    return Collections.unmodifiableMap(copy);
  }

  static List<Map<String, Object>> immutableMaps(List<Map<String, Object>> maps) {
    List<Map<String, Object>> copy = new ArrayList<>();
    maps.forEach(m -> copy.add(immutableMap(m)));
    return Collections.unmodifiableList(copy);
  }

  @SuppressWarnings("unchecked")
  private static Object immutable(Object value) {
    if (value instanceof Map<?, ?> map) {
      return immutableMap((Map<String, Object>) map);
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>();
      list.forEach(item -> copy.add(immutable(item)));
      return Collections.unmodifiableList(copy);
    }
    return value;
  }
}
