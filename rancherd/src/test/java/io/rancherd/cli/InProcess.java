package io.rancherd.cli;

import io.rancherd.Main;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs rancherd's command line in the test JVM, through {@link Main#run} as {@code bin/rancherd}
 * does in its own: the same commands, exit codes, stdout and stderr (error lines and log lines, in
 * the order they were written), in milliseconds instead of a JVM start each. For the tests that
 * only look at output, exit code and files; {@link Launcher} runs the packaged launcher for those
 * that need a real process (the launcher script, signals, the environment, concurrent runs).
 */
final class InProcess {

  /** The standard streams are the JVM's: one run at a time holds them. */
  private static final Object STREAMS = new Object();

  private InProcess() {}

  /** Runs {@code rancherd} with {@code --root root} added as {@link Launcher#run} adds it. */
  static Launcher.Result run(Path root, String... args) {
    return exec(Launcher.withRoot(root, args));
  }

  /** Runs {@code rancherd} with exactly {@code args}. */
  static Launcher.Result exec(List<String> args) {
    List<String> command = new ArrayList<>(List.of("rancherd"));
    command.addAll(args);
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    int code;
    synchronized (STREAMS) {
      PrintStream savedOut = System.out;
      PrintStream savedErr = System.err;
      PrintStream out = new PrintStream(stdout, true, StandardCharsets.UTF_8);
      PrintStream err = new PrintStream(stderr, true, StandardCharsets.UTF_8);
      System.setOut(out);
      System.setErr(err);
      try {
        code =
            Main.run(
                args.toArray(String[]::new),
                new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true),
                new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
      } finally {
        System.setOut(savedOut);
        System.setErr(savedErr);
      }
    }
    return new Launcher.Result(
        command,
        code,
        stdout.toString(StandardCharsets.UTF_8),
        stderr.toString(StandardCharsets.UTF_8));
  }
}
