package io.rancherd.cli;

import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** Builds rancherd's command line: commands, error handling, exit codes and output writers. */
public final class Cli {

  private Cli() {}

  /** The command line, printing to {@code out} and {@code err}; used by main and by tests. */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    return commandLine(out, err, System.getenv());
  }

  /** The command line of a run whose environment is {@code env}. */
  static CommandLine commandLine(PrintWriter out, PrintWriter err, Map<String, String> env) {
    ErrorHandler errors = new ErrorHandler();
    CommandLine cmd = new CommandLine(new RancherdCommand(env));
    cmd.setOut(out);
    cmd.setErr(err);
    cmd.setExecutionExceptionHandler(errors);
    cmd.setParameterExceptionHandler(errors);
    cmd.setExitCodeExceptionMapper(ErrorHandler::exitCode);
    cmd.setCaseInsensitiveEnumValuesAllowed(true);
    cmd.setUsageHelpAutoWidth(true);
    layOutHelp(cmd);
    return cmd;
  }

  /**
   * The same help layout for every command, the hidden ones and picocli's help command included:
   * the one-line header, then the usage, the description and the lists, each after a blank line.
   */
  private static void layOutHelp(CommandLine cmd) {
    cmd.getCommandSpec()
        .usageMessage()
        .synopsisHeading("%nUsage: ")
        .descriptionHeading("%n")
        .parameterListHeading("%nArguments:%n")
        .optionListHeading("%nOptions:%n")
        .commandListHeading("%nCommands:%n");
    cmd.getSubcommands().values().forEach(Cli::layOutHelp);
  }

  static boolean debugRequested(ParseResult parseResult) {
    for (ParseResult r = parseResult; r != null; r = r.subcommand()) {
      if (r.hasMatchedOption("--debug")) {
        return true;
      }
    }
    return false;
  }
}
