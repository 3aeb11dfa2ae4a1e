package io.rancherd.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Extracts rancherd's settings from a document. A top-level {@code rancherd:} map is unwrapped and
 * the keys beside it (cloud-init's) are ignored. A {@code #cloud-config} document without a {@code
 * rancherd:} key contributes only the rancherd keys at its top level, silently ignoring
 * cloud-init's. Any other document is rancherd configuration as a whole.
 */
final class CloudConfig {

  static final String SECTION = "rancherd";

  private CloudConfig() {}

  /**
   * The top-level keys of a document that hold rancherd settings, given all of them: {@code
   * rancherd} when present, else rancherd's own keys in a {@code #cloud-config} document, else all.
   * Only these are read (checked) at all; the rest belongs to cloud-init.
   */
  static Predicate<String> rancherdKeys(Set<String> topKeys, boolean cloudConfig) {
    if (topKeys.contains(SECTION)) {
      return SECTION::equals;
    }
    return cloudConfig ? ConfigKeys.TOP::contains : key -> true;
  }

  static YamlNode.Mapping rancherdSection(YamlNode.Mapping doc, boolean cloudConfig)
      throws ConfigException {
    YamlNode section = doc.get(SECTION);
    if (section instanceof YamlNode.Mapping m) {
      return m;
    }
    if (section instanceof YamlNode.Scalar s && s.isNull()) {
      return YamlNode.Mapping.empty(s.location());
    }
    if (section != null) {
      throw new ConfigException(
          section.location(),
          SECTION,
          "expected a map of rancherd settings, found " + section.describe());
    }
    if (!cloudConfig) {
      return doc;
    }
    Map<String, YamlNode> entries = new LinkedHashMap<>();
    Map<String, Location> keys = new LinkedHashMap<>();
    doc.entries()
        .forEach(
            (key, value) -> {
              if (ConfigKeys.TOP.contains(key)) {
                entries.put(key, value);
                keys.put(key, doc.keyLocation(key));
              }
            });
    return new YamlNode.Mapping(entries, keys, doc.location());
  }
}
