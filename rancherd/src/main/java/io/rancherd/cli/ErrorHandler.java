package io.rancherd.cli;

import io.rancherd.config.ConfigException;
import io.rancherd.error.InvalidInputException;
import io.rancherd.error.RancherdException;
import io.rancherd.error.UnexpectedStateException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Prints errors as one line ("rancherd: <action> <target>: <cause>") and maps them to exit codes;
 * the stack trace only with --debug.
 */
final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
    PrintWriter err = cmd.getErr();
    boolean debug = Cli.debugRequested(parseResult);
    if (ex instanceof ConfigException config) {
      err.println("rancherd: invalid config: " + config.getMessage());
    } else if (ex instanceof RancherdException known) {
      err.println("rancherd: " + known.getMessage());
    } else {
      err.println(
          "rancherd: internal error: " + ex + (debug ? "" : " (run with --debug for details)"));
    }
    if (debug) {
      ex.printStackTrace(err);
    }
    err.flush();
    return exitCode(ex);
  }

  static int exitCode(Throwable ex) {
    if (ex instanceof InvalidInputException) {
      return ExitCodes.INVALID_INPUT;
    }
    if (ex instanceof UnexpectedStateException) {
      return ExitCodes.UNEXPECTED_STATE;
    }
    return ExitCodes.FAILURE;
  }

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println("rancherd: " + ex.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
    err.println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
    err.flush();
    return ExitCodes.INVALID_INPUT;
  }
}
