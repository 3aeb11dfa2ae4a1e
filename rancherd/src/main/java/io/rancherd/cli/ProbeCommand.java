package io.rancherd.cli;

import io.rancherd.bootstrap.Settings;
import io.rancherd.error.RancherdException;
import io.rancherd.error.UnexpectedStateException;
import io.rancherd.plan.model.Plan;
import io.rancherd.plan.model.PlanJson;
import io.rancherd.probe.HttpProber;
import io.rancherd.probe.ProbeRunner;
import io.rancherd.wait.Sleeper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "probe",
    hidden = true,
    header = "Run a plan's probes until all are healthy (a plan step)",
    description =
        "Check the probes of a plan in rounds (see --interval) until all are healthy at once, or"
            + " fail after --timeout naming each unhealthy probe. The plan's probes"
            + " instruction runs it.")
final class ProbeCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(ProbeCommand.class);

  @Mixin HelpOption help;

  @ParentCommand RancherdCommand parent;

  @Option(
      names = "--plan",
      paramLabel = "FILE",
      description =
          "The plan whose probes to run, a machine path under --root (default:"
              + " <data-dir>/plan/plan.json).")
  String plan;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "15m",
      description =
          "Fail when the probes are not all healthy after this long (default:"
              + " ${DEFAULT-VALUE}).")
  String timeout;

  @Option(
      names = "--interval",
      paramLabel = "DURATION",
      defaultValue = "2s",
      description =
          "Longest pause between rounds: the first is 100 ms, each next one twice as"
              + " long up to this (default: ${DEFAULT-VALUE}).")
  String interval;

  @Override
  public Integer call() throws RancherdException, InterruptedException {
    Settings settings = parent.global.settings(Optional.empty());
    String planPath = plan != null ? plan : settings.planSettings().planFile();
    Path file = settings.root().path(planPath);
    Plan probes;
    try {
      probes = PlanJson.read(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UnexpectedStateException(
          "reading the plan " + planPath + " to probe: " + e.getMessage());
    }
    ProbeRunner runner =
        new ProbeRunner(
            new HttpProber(settings.root()), Clock.systemUTC(), Sleeper.SYSTEM, LOG::info);
    runner.runUntilHealthy(probes.probes(), DurationOption.waitTiming(interval, timeout));
    return ExitCodes.OK;
  }
}
