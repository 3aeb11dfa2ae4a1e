package io.rancherd.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** Builds rancherd's command line: commands, error handling, exit codes and output writers. */
public final class Cli {

  private Cli() {}

  /** The command line, printing to {@code out} and {@code err}; used by main and by tests. */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    ErrorHandler errors = new ErrorHandler();
    CommandLine cmd = new CommandLine(new RancherdCommand());
    cmd.setOut(out);
    cmd.setErr(err);
    cmd.setExecutionExceptionHandler(errors);
    cmd.setParameterExceptionHandler(errors);
    cmd.setExitCodeExceptionMapper(ErrorHandler::exitCode);
    cmd.setCaseInsensitiveEnumValuesAllowed(true);
    return cmd;
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
