package io.rancherd.cli;

import io.rancherd.bootstrap.Bootstrapper;
import io.rancherd.bootstrap.RunOptions;
import io.rancherd.error.InvalidInputException;
import io.rancherd.error.RancherdException;
import io.rancherd.exec.SystemProcessRunner;
import io.rancherd.wait.Sleeper;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "bootstrap",
    header = "Bootstrap this node: install the runtime and Rancher, once",
    description = {
      "The boot job. It loads the configuration, decides the node's role, installs"
          + " and starts k3s or RKE2 (and Rancher on the cluster-init node), waits until the"
          + " node is up, and writes the bootstrapped stamp. It exits 0 at once when the"
          + " node is already bootstrapped.",
      "",
      "A failed attempt is retried after a growing pause (at most 5 min), resuming at"
          + " the first step not done, until it succeeds; --once stops instead. A bootstrap"
          + " that is stopped (systemctl stop rancherd, a reboot) resumes the same way at"
          + " its next start.",
    })
final class BootstrapCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(BootstrapCommand.class);

  @Mixin HelpOption help;

  @ParentCommand RancherdCommand parent;
  @Mixin ConfigOption config;

  @Option(
      names = {"--force", "-f"},
      description = "Run even when the node is already bootstrapped, doing every step again.")
  boolean force;

  @Option(
      names = "--once",
      description = "Exit 1 after the first failed attempt instead of retrying.")
  boolean once;

  @Option(
      names = "--step-attempts",
      hidden = true,
      defaultValue = "3",
      description = "Tries of a failing step within one attempt (default: ${DEFAULT-VALUE}).")
  int stepAttempts;

  @Option(
      names = "--retry-delay",
      hidden = true,
      defaultValue = "5s",
      description =
          "The longest first pause after a failure; the ceiling doubles up to 5 min, each pause is"
              + " random below it (default: ${DEFAULT-VALUE}).")
  String retryDelay;

  @Option(
      names = "--server-wait",
      defaultValue = "5m",
      paramLabel = "DURATION",
      description =
          "How long one attempt waits for the server a node joins to answer before it counts as"
              + " failed "
              + "(default: ${DEFAULT-VALUE}); without --once the next attempt waits again.")
  String serverWait;

  @Override
  public Integer call() throws RancherdException, InterruptedException {
    if (stepAttempts < 1) {
      throw new InvalidInputException("--step-attempts: expected 1 or more, found " + stepAttempts);
    }
    RunOptions options =
        new RunOptions(
            force,
            once,
            stepAttempts,
            DurationOption.parse("--retry-delay", retryDelay),
            parent.global.serviceManagerName(),
            DurationOption.parse("--server-wait", serverWait));
    Bootstrapper bootstrapper =
        new Bootstrapper(
            parent.global.settings(config.file()),
            SecureRandom::new,
            Clock.systemUTC(),
            Sleeper.SYSTEM,
            StepProgram.runner(new SystemProcessRunner()));
    Thread stopped = new Thread(BootstrapCommand::logStopped, "rancherd-stopped");
    Runtime.getRuntime().addShutdownHook(stopped);
    try {
      bootstrapper.run(options);
    } finally {
      removeHook(stopped);
    }
    return ExitCodes.OK;
  }

  /**
   * What the operator reads in the journal after {@code systemctl stop rancherd} (SIGTERM; the unit
   * counts its exit status 143 as success): the bootstrap is not failed, only interrupted.
   */
  private static void logStopped() {
    LOG.warn(
        "Stopped during the bootstrap: it resumes at the first step not done at the next start"
            + " (systemctl start rancherd, the next boot, or rancherd bootstrap); rancherd status"
            + " shows where it stands");
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the JVM is stopping: the hook runs
    }
  }
}
