package io.rancherd.cli;

import io.rancherd.error.RancherdException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "probe", hidden = true, mixinStandardHelpOptions = true,
    description = "Run the probes of a plan until all pass (used by the plan's probes instruction).")
final class ProbeCommand implements Callable<Integer> {

  @Option(names = "--plan", paramLabel = "FILE", description = "The plan whose probes to run.")
  Path plan;

  @Override
  public Integer call() throws RancherdException {
    throw new RancherdException("probing " + (plan == null ? "the plan" : plan)
        + ": this build of rancherd cannot run probes yet");
  }
}
