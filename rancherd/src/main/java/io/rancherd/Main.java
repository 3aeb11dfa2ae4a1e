package io.rancherd;

import io.rancherd.cli.Cli;
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

  /** Plain level-and-message lines on stderr (journald adds the time), before any logger exists. */
  public static void configureLogging(boolean debug) {
    setDefault("org.slf4j.simpleLogger.defaultLogLevel", debug ? "debug" : "info");
    setDefault("org.slf4j.simpleLogger.showDateTime", "false");
    setDefault("org.slf4j.simpleLogger.showThreadName", "false");
    setDefault("org.slf4j.simpleLogger.showLogName", "false");
    setDefault("org.slf4j.simpleLogger.showShortLogName", "false");
    setDefault("org.slf4j.simpleLogger.levelInBrackets", "false");
    setDefault("org.slf4j.simpleLogger.logFile", "System.err");
  }

  private static void setDefault(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
