package io.rancherd.config;

import io.rancherd.fs.Root;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where configuration is read from, in rancherd's order: the implicit OEM and cloud-init paths
 * (optional, broken ones skipped with a warning), then {@code /etc/rancher/rancherd/config.yaml}
 * (optional, but an error when broken), then the {@code --config} file (required). Bootstrap
 * resources are also read from the manifests directories.
 */
public record ConfigSources(
    List<Path> implicitPaths, Path mainFile, Optional<Path> explicitFile, List<Path> manifestDirs) {

  /** rancherd's implicit configuration paths, in merge order. */
  public static final List<String> IMPLICIT_PATHS =
      List.of(
          "/usr/share/oem/rancher/rancherd/config.yaml",
          "/usr/share/rancher/rancherd/config.yaml",
          "/oem/userdata",
          "/oem/99_custom.yaml",
          "/oem/rancher/rancherd/config.yaml",
          "/var/lib/cloud/instance/user-data.txt");

  public static final String MAIN_FILE = "/etc/rancher/rancherd/config.yaml";

  public static final List<String> MANIFEST_DIRS =
      List.of(
          "/usr/share/oem/rancher/rancherd/manifests",
          "/usr/share/rancher/rancherd/manifests",
          "/etc/rancher/rancherd/manifests",
          "/oem/rancher/rancherd/manifests");

  public ConfigSources {
    implicitPaths = List.copyOf(implicitPaths);
    manifestDirs = List.copyOf(manifestDirs);
  }

  /**
   * The standard sources under {@code root}; {@code configFile} (from --config) is read as given.
   */
  public static ConfigSources standard(Root root, Optional<Path> configFile) {
    return new ConfigSources(
        IMPLICIT_PATHS.stream().map(root::path).toList(),
        root.path(MAIN_FILE),
        configFile,
        MANIFEST_DIRS.stream().map(root::path).toList());
  }
}
