package io.rancherd.exec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/** rancherd's own command line, run in this JVM: what {@link SelfRunner} runs a step with. */
@FunctionalInterface
public interface InProcessProgram {

  /**
   * Runs {@code args} (the arguments after the program's path) with {@code env} as its environment,
   * printing to {@code out} and {@code err}; returns the exit status.
   */
  int run(List<String> args, Map<String, String> env, PrintWriter out, PrintWriter err);
}
