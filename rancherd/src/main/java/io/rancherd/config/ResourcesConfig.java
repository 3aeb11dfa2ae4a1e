package io.rancherd.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes objects the cluster-init node deploys once the cluster is up: {@code resources} and
 * the original's deprecated {@code bootstrapResources}.
 */
public record ResourcesConfig(
    List<Map<String, Object>> resources, List<Map<String, Object>> bootstrapResources) {

  public ResourcesConfig {
    resources = PlainValues.immutableMaps(resources);
    bootstrapResources = PlainValues.immutableMaps(bootstrapResources);
  }

  /** Every resource in rancherd's order: resources, then bootstrapResources. */
  public List<Map<String, Object>> all() {
    List<Map<String, Object>> all = new ArrayList<>(resources);
    all.addAll(bootstrapResources);
    return List.copyOf(all);
  }

  /** A copy with more resources appended (objects read from the manifests directories). */
  public ResourcesConfig withExtra(List<Map<String, Object>> extra) {
    List<Map<String, Object>> all = new ArrayList<>(resources);
    all.addAll(extra);
    return new ResourcesConfig(all, bootstrapResources);
  }
}
