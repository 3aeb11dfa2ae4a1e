package io.rancherd.cli;

import io.rancherd.state.StatusReport;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "status",
    header = "Show where this node's bootstrap stands",
    description =
        "Print the data dir, the bootstrapped and working stamps, the recorded plan and"
            + " the state of each of its steps. Changes nothing.")
final class StatusCommand implements Callable<Integer> {

  @Mixin HelpOption help;

  @ParentCommand RancherdCommand parent;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    StatusReport.lines(parent.global.settings(Optional.empty()).state())
        .forEach(spec.commandLine().getOut()::println);
    return ExitCodes.OK;
  }
}
