package io.rancherd.cli;

import io.rancherd.state.StatusReport;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Show where the bootstrap of this node stands: the stamps and the recorded plan.")
final class StatusCommand implements Callable<Integer> {

  @ParentCommand RancherdCommand parent;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    StatusReport.lines(parent.global.settings(Optional.empty()).state())
        .forEach(spec.commandLine().getOut()::println);
    return ExitCodes.OK;
  }
}
