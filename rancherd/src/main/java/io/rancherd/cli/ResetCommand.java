package io.rancherd.cli;

import io.rancherd.bootstrap.Settings;
import io.rancherd.error.InvalidInputException;
import io.rancherd.error.RancherdException;
import io.rancherd.exec.SystemProcessRunner;
import io.rancherd.reset.NodeReset;
import io.rancherd.reset.ResetAction;
import java.io.Console;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "reset",
    header = "Undo what rancherd did on this node, to start over",
    description =
        "Undo what rancherd did on this node, after a finished or a half-done bootstrap: stop the"
            + " runtime's service, run the uninstall script its install script wrote, remove the"
            + " files of rancherd's plan and the proxy lines it wrote, and remove rancherd's data"
            + " dir. Your own config (config.yaml, its drop-ins, cloud-init's user-data) is kept,"
            + " so the next `rancherd bootstrap` starts from scratch with it. Asks before it"
            + " removes anything unless --yes is given; refuses without a terminal to ask on.")
final class ResetCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(ResetCommand.class);

  @Mixin HelpOption help;

  @ParentCommand RancherdCommand parent;
  @Spec CommandSpec spec;

  @Option(names = "--dry-run", description = "List what reset would do, and change nothing.")
  boolean dryRun;

  @Option(names = "--yes", description = "Do not ask: reset.")
  boolean yes;

  @Option(
      names = "--keep-runtime",
      description = "Stop the runtime's service but do not uninstall the runtime.")
  boolean keepRuntime;

  @Override
  public Integer call() throws RancherdException, InterruptedException {
    Settings settings = parent.global.settings(Optional.empty());
    NodeReset reset =
        new NodeReset(settings.state(), parent.global.serviceManager(), new SystemProcessRunner());
    List<ResetAction> actions = reset.plan(keepRuntime);
    PrintWriter out = spec.commandLine().getOut();
    if (actions.isEmpty()) {
      out.println("Nothing to reset: rancherd has left nothing on this node.");
      return ExitCodes.OK;
    }
    if (dryRun) {
      out.println("rancherd reset would, in this order:");
      actions.forEach(a -> out.println("  " + a.describe()));
      return ExitCodes.OK;
    }
    if (!yes && !confirmed(actions, out)) {
      out.println("Nothing was changed.");
      return ExitCodes.FAILURE;
    }
    reset.apply(actions, LOG::info);
    LOG.info("Reset done: `rancherd bootstrap` starts this node from scratch with its config");
    return ExitCodes.OK;
  }

  private static boolean confirmed(List<ResetAction> actions, PrintWriter out)
      throws InvalidInputException {
    Console console = System.console();
    if (console == null) {
      throw new InvalidInputException(
          "reset asks before it removes anything, and there is no terminal to ask on: run it on"
              + " a terminal, or pass --yes (--dry-run lists what it would do)");
    }
    out.println("rancherd reset will, in this order:");
    actions.forEach(a -> out.println("  " + a.describe()));
    out.flush();
    String answer = console.readLine("Type yes to reset this node: ");
    return answer != null && answer.trim().equals("yes");
  }
}
