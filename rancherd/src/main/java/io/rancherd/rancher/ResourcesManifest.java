package io.rancherd.rancher;

import io.rancherd.runtime.ManifestYaml;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The user's bootstrap {@code resources} as one multi-document manifest for the runtime's manifests
 * directory: one document per object, in the given order, keys in the order given. Pure: no IO.
 */
public final class ResourcesManifest {

  /**
   * The manifest's file name in the runtime's manifests directory; its base name names the k3s
   * Addon.
   */
  public static final String FILE_NAME = "rancherd-resources.yaml";

  private ResourcesManifest() {}

  /** The manifest's YAML text; empty when there are no resources (then no file is written). */
  public static Optional<String> yaml(List<Map<String, Object>> resources) {
    if (resources.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(ManifestYaml.dumpAll(resources));
  }
}
