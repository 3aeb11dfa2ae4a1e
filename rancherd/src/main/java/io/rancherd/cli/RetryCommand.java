package io.rancherd.cli;

import io.rancherd.error.RancherdException;
import io.rancherd.exec.Retry;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "retry",
    hidden = true,
    header = "Run a command until it exits 0 (used by plan steps)",
    description =
        "Run COMMAND (an argument list, no shell) until it exits 0, pausing --interval"
            + " between attempts. Put -- before a command that has options of its own.")
final class RetryCommand implements Callable<Integer> {

  @Mixin HelpOption help;

  @Option(
      names = "--interval",
      paramLabel = "DURATION",
      defaultValue = "15s",
      description = "Pause between attempts (default: ${DEFAULT-VALUE}).")
  String interval;

  @Option(
      names = "--attempts",
      paramLabel = "N",
      defaultValue = "0",
      description = "Give up after N attempts; 0 retries forever (default: ${DEFAULT-VALUE}).")
  int attempts;

  @Parameters(
      arity = "1..*",
      paramLabel = "COMMAND",
      description = "The command and its arguments.")
  List<String> command;

  @Override
  public Integer call() throws RancherdException, InterruptedException {
    Retry.untilSuccess(command, DurationOption.parse("--interval", interval), attempts);
    return ExitCodes.OK;
  }
}
