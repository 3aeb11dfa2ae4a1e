package io.rancherd;

import io.rancherd.cli.Cli;
import io.rancherd.log.LogFormat;
import io.rancherd.log.LogSettings;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Entry point: configures logging, runs the command line and exits with its code. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    if (!Cli.versionOnly(args)) {
      configureLogging(Arrays.asList(args).contains("--debug"));
    }
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    System.exit(run(args, out, err));
  }

  /**
   * Runs the command line on {@code args}, printing to {@code out} and {@code err} (log lines go to
   * the logger's stream, stderr); returns the exit code. Tests run rancherd in their own JVM
   * through here.
   */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    if (Cli.versionOnly(args)) {
      out.println(Cli.versionLine());
      out.flush();
      return 0;
    }
    int code = Cli.commandLine(out, err).execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /**
   * Log lines on stderr in the format the environment asks for (journald priorities under systemd,
   * a UTC time elsewhere, plain inside a plan step: {@link LogFormat}), debug lines with --debug.
   */
  public static void configureLogging(boolean debug) {
    LogSettings.configure(debug);
  }
}
