package io.rancherd.config;

import java.util.List;
import java.util.Map;

/**
 * The result of loading: the configuration, the sources looked at, the warnings given, and where
 * each top-level key was last set (for messages about combinations of keys).
 */
public record LoadedConfig(
    RancherdConfig config,
    List<ConfigSource> sources,
    List<String> warnings,
    Map<String, Location> keyLocations) {

  public LoadedConfig {
    sources = List.copyOf(sources);
    warnings = List.copyOf(warnings);
    keyLocations = Map.copyOf(keyLocations);
  }

  /** The same load with another configuration (a server chosen, found or resolved). */
  public LoadedConfig withConfig(RancherdConfig newConfig) {
    return new LoadedConfig(newConfig, sources, warnings, keyLocations);
  }

  /** Where {@code key} was set, or {@link Location#NONE}. */
  public Location locationOf(String key) {
    return keyLocations.getOrDefault(key, Location.NONE);
  }
}
