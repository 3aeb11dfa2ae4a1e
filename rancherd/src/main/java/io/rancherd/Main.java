package io.rancherd;

import io.rancherd.cli.Cli;
import io.rancherd.cli.VersionProvider;
import io.rancherd.log.LogFormat;
import io.rancherd.log.LogSettings;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Entry point: configures logging, runs the command line and exits with its code. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    if (!versionOnly(args)) {
      // Two lookups that search every jar on the class path, opening each (BouncyCastle's 8 MB
      // among them) in commands that need none: SLF4J scanning META-INF/services for its
      // provider (naming ours skips it; the verbosity keeps SLF4J from reporting that), and
      // picocli looking for Groovy's Closure class.
      setIfAbsent("slf4j.provider", "io.rancherd.log.RancherdLogProvider");
      setIfAbsent("slf4j.internal.verbosity", "WARN");
      setIfAbsent("picocli.disable.closures", "true");
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
    if (versionOnly(args)) {
      out.println(VersionProvider.line());
      out.flush();
      return 0;
    }
    int code = Cli.commandLine(out, err, System.getenv(), args).execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /**
   * Whether {@code args} only ask for the version ({@code --version}, {@code -V} or {@code
   * version}): then rancherd prints the version line without building the command line, which costs
   * more than the rest of such a run. Checked here, not in {@link Cli}: loading Cli links picocli
   * interfaces the class-data archive cannot hold (Java 5 class files).
   */
  static boolean versionOnly(String[] args) {
    return args.length == 1
        && (args[0].equals("--version") || args[0].equals("-V") || args[0].equals("version"));
  }

  private static void setIfAbsent(String property, String value) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, value);
    }
  }

  /**
   * Log lines on stderr in the format the environment asks for (journald priorities under systemd,
   * a UTC time elsewhere, plain inside a plan step: {@link LogFormat}), debug lines with --debug.
   */
  public static void configureLogging(boolean debug) {
    LogSettings.configure(debug);
  }
}
