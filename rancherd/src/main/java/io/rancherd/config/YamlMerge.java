package io.rancherd.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges configuration documents the way rancherd does: at the top level, lists are concatenated
 * and maps are merged deeply; below the top level, maps are merged deeply and any other value
 * (lists included) is replaced by the later one.
 */
final class YamlMerge {

  private YamlMerge() {}

  /** Merges {@code overlay} over {@code base}: later files win. */
  public static YamlNode.Mapping mergeTop(YamlNode.Mapping base, YamlNode.Mapping overlay) {
    return merge(base, overlay, true);
  }

  private static YamlNode.Mapping merge(
      YamlNode.Mapping base, YamlNode.Mapping overlay, boolean top) {
    Map<String, YamlNode> entries = new LinkedHashMap<>(base.entries());
    Map<String, Location> keys = new LinkedHashMap<>(base.keyLocations());
    overlay
        .entries()
        .forEach(
            (key, value) -> {
              entries.put(key, mergeValue(entries.get(key), value, top));
              keys.put(key, overlay.keyLocation(key));
            });
    return new YamlNode.Mapping(entries, keys, base.location());
  }

  private static YamlNode mergeValue(YamlNode old, YamlNode value, boolean top) {
    if (old instanceof YamlNode.Mapping oldMap && value instanceof YamlNode.Mapping newMap) {
      return merge(oldMap, newMap, false);
    }
    if (top
        && old instanceof YamlNode.Sequence oldList
        && value instanceof YamlNode.Sequence newList) {
      List<YamlNode> items = new ArrayList<>(oldList.items());
      items.addAll(newList.items());
      return new YamlNode.Sequence(items, newList.location());
    }
    return value;
  }
}
