package io.rancherd.cli;

import io.rancherd.error.InvalidInputException;
import io.rancherd.error.UnexpectedStateException;
import io.rancherd.state.NodeState;
import io.rancherd.state.Progress;
import io.rancherd.state.StatusReport;
import io.rancherd.wait.Sleeper;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "status",
    header = "Show where this node's bootstrap stands",
    description =
        "Print the state, the data dir, the bootstrapped and working stamps, the recorded plan"
            + " and the state of each of its steps. Changes nothing. With --wait, wait until the"
            + " node is bootstrapped or its bootstrap has given up, as `cloud-init status --wait`"
            + " does. The exit code says the state.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:bootstrapped",
      "1:the last attempt failed and no bootstrap runs now (it gave up, or was stopped)",
      "2:invalid option",
      "3:not bootstrapped yet (not started, running or retrying, interrupted), or --timeout passed"
    })
final class StatusCommand implements Callable<Integer> {

  private static final Duration POLL = Duration.ofMillis(500);

  @Mixin HelpOption help;

  @ParentCommand RancherdCommand parent;
  @Spec CommandSpec spec;

  @Option(
      names = "--output",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text (default) or json (schema in docs/status-json.md).")
  String output;

  @Option(
      names = "--wait",
      description = "Wait until the node is bootstrapped or its bootstrap has given up.")
  boolean waitForIt;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      description = "With --wait: give up waiting after this long (such as 30m); default: never.")
  String timeout;

  @Override
  public Integer call()
      throws InvalidInputException, UnexpectedStateException, InterruptedException {
    if (!output.equals("text") && !output.equals("json")) {
      throw new InvalidInputException("--output: expected text or json, found '" + output + "'");
    }
    Optional<Duration> limit =
        timeout == null
            ? Optional.empty()
            : Optional.of(DurationOption.parse("--timeout", timeout));
    NodeState state = parent.global.settings(Optional.empty()).state();
    if (Files.isDirectory(state.dir()) && !Files.isReadable(state.dir())) {
      throw new UnexpectedStateException(
          "reading "
              + state.dir()
              + ": permission denied, so the state cannot be told; run sudo rancherd status");
    }
    if (waitForIt) {
      awaitSettled(state, limit, Clock.systemUTC(), Sleeper.SYSTEM);
    }
    PrintWriter out = spec.commandLine().getOut();
    // one reading of the state: the report and the exit code always agree
    Progress progress = Progress.of(state);
    if (output.equals("json")) {
      out.println(StatusReport.json(state, progress));
    } else {
      StatusReport.lines(state, progress).forEach(out::println);
    }
    return progress.exitCode();
  }

  private static void awaitSettled(
      NodeState state, Optional<Duration> limit, Clock clock, Sleeper sleeper)
      throws InterruptedException {
    Optional<Instant> deadline = limit.map(clock.instant()::plus);
    while (!Progress.of(state).settled()
        && deadline.map(d -> clock.instant().isBefore(d)).orElse(true)) {
      sleeper.sleep(POLL);
    }
  }
}
