package io.rancherd.cli;

import io.rancherd.bootstrap.Settings;
import io.rancherd.error.InvalidInputException;
import io.rancherd.error.RancherdException;
import io.rancherd.kube.KubeWaits;
import io.rancherd.kube.NodeName;
import io.rancherd.runtime.Runtime;
import io.rancherd.wait.Sleeper;
import io.rancherd.wait.Timing;
import io.rancherd.wait.WaitLoop;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "wait",
    hidden = true,
    header = "Wait until the node is Ready or Rancher is available",
    description =
        "Wait, through the Kubernetes API and the runtime's admin kubeconfig, until"
            + " this node is Ready (node) or deployment cattle-system/rancher is available"
            + " (rancher). The plan's wait steps run it.")
final class WaitCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(WaitCommand.class);

  @Mixin HelpOption help;

  @ParentCommand RancherdCommand parent;

  @Parameters(index = "0", paramLabel = "WHAT", description = "node or rancher.")
  String what;

  @Option(
      names = "--runtime",
      required = true,
      paramLabel = "RUNTIME",
      description = "k3s or rke2.")
  String runtime;

  @Option(
      names = "--name",
      paramLabel = "NODE",
      description = "The node name (default: the lower-cased host name, as the runtimes use).")
  String name;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "20m",
      description = "Fail after this long (default: ${DEFAULT-VALUE}).")
  String timeout;

  @Option(
      names = "--interval",
      paramLabel = "DURATION",
      defaultValue = "2s",
      description =
          "Longest pause between checks: the first is 100 ms, each next one twice as"
              + " long up to this (default: ${DEFAULT-VALUE}).")
  String interval;

  @Override
  public Integer call() throws RancherdException, InterruptedException {
    Runtime rt = Runtime.parse(runtime);
    Settings settings = parent.global.settings(Optional.empty());
    Timing timing = DurationOption.waitTiming(interval, timeout);
    KubeWaits waits =
        KubeWaits.forRuntime(
            settings.root(), rt, new WaitLoop(Clock.systemUTC(), Sleeper.SYSTEM, LOG::info));
    switch (what) {
      case "node" ->
          waits.nodeReady(
              NodeName.resolve(Optional.ofNullable(name), Map.of(), settings.root()), rt, timing);
      case "rancher" -> waits.rancherAvailable(timing);
      default ->
          throw new InvalidInputException("wait: expected node or rancher, found '" + what + "'");
    }
    return ExitCodes.OK;
  }
}
