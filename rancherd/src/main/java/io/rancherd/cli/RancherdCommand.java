package io.rancherd.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The root command: {@code rancherd <command>}. Its commands are added by {@link Cli}, only those a
 * run names (building each command's model is most of a short command's start-up).
 */
@Command(
    name = "rancherd",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    header = "Bootstrap k3s or RKE2 and Rancher on a node's first boot",
    description = {
      "rancherd reads its configuration (the rancherd section of cloud-config"
          + " user-data, /etc/rancher/rancherd/config.yaml and the other sources), decides"
          + " whether the node initializes a new cluster or joins one, installs k3s or RKE2"
          + " (and Rancher on the cluster-init node), waits until the node is up and records"
          + " completion, so it never runs again.",
      "",
      "rancherd.service runs 'rancherd bootstrap' at boot; 'rancherd doctor' checks a"
          + " node and says what to fix. Run 'rancherd help COMMAND' for the options of a"
          + " command.",
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:ok",
      "1:failure: the job was not done (the message says why)",
      "2:invalid input: configuration or command line; nothing on the machine changed",
      "3:unexpected state: the machine is not in the state the command needs",
    })
final class RancherdCommand implements Callable<Integer> {

  @Mixin GlobalOptions global;

  @Spec CommandSpec spec;

  private final Map<String, String> environment;

  RancherdCommand(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  /**
   * The environment of this run: the process's, or a step's when the step runs in the JVM of the
   * bootstrap that applies the plan.
   */
  Map<String, String> environment() {
    return environment;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return ExitCodes.OK;
  }
}
