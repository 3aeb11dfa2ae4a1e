package io.rancherd.bootstrap;

import io.rancherd.config.ConfigSources;
import io.rancherd.fs.Root;
import io.rancherd.plan.PlanSettings;
import io.rancherd.state.NodeState;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What every command works on: the filesystem root, rancherd's data dir (a machine path, placed
 * under the root), the --config file (read as given), and the rancherd command that plan
 * instructions call.
 */
public record Settings(Root root, String dataDir, Optional<Path> configFile, String selfCommand) {

  /** This node's state, in the data dir. */
  public NodeState state() {
    return new NodeState(root, dataDir);
  }

  public ConfigSources configSources() {
    return ConfigSources.standard(root, configFile);
  }

  public PlanSettings planSettings() {
    return new PlanSettings(dataDir, state().planFile(), selfCommand);
  }
}
