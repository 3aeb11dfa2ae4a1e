package io.rancherd.cli;

import io.rancherd.bootstrap.Bootstrapper;
import io.rancherd.error.RancherdException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "bootstrap", mixinStandardHelpOptions = true,
    description = {
      "The boot job: load the configuration, decide the role, and bootstrap the node.",
      "Exits 0 at once when the node is already bootstrapped.",
    })
final class BootstrapCommand implements Callable<Integer> {

  @ParentCommand RancherdCommand parent;
  @Mixin ConfigOption config;

  @Option(names = {"--force", "-f"}, description = "Run even when the node is already bootstrapped.")
  boolean force;

  @Override
  public Integer call() throws RancherdException {
    Bootstrapper bootstrapper = new Bootstrapper(parent.global.settings(config.file()), SecureRandom::new,
        Clock.systemUTC());
    return switch (bootstrapper.run(force)) {
      case ALREADY_BOOTSTRAPPED, NOTHING_TO_DO -> ExitCodes.OK;
      case PLAN_WRITTEN -> throw new RancherdException("applying the plan: this build of rancherd writes the plan "
          + "but cannot apply it yet; nothing was installed and the node is not bootstrapped");
    };
  }
}
