package io.rancherd.bootstrap;

import io.rancherd.config.ConfigSources;
import io.rancherd.fs.Root;
import io.rancherd.plan.PlanSettings;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What every command works on: the filesystem root, rancherd's data dir (a machine path, placed
 * under the root), the --config file (read as given), and the rancherd command that plan
 * instructions call.
 */
public record Settings(Root root, String dataDir, Optional<Path> configFile, String selfCommand) {

  public static final String DEFAULT_DATA_DIR = "/var/lib/rancher/rancherd";

  /** The data dir on this machine (under the root). */
  public Path dataPath() {
    return root.path(dataDir);
  }

  public ConfigSources configSources() {
    return ConfigSources.standard(root, configFile);
  }

  public PlanSettings planSettings() {
    return new PlanSettings(dataDir, selfCommand);
  }
}
