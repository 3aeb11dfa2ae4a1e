package io.rancherd.cli;

import io.rancherd.bootstrap.Bootstrapper;
import io.rancherd.exec.InProcessProgram;
import io.rancherd.exec.ProcessRunner;
import io.rancherd.exec.SelfRunner;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * rancherd's command line as a plan step run in the JVM of the bootstrap: the step's environment is
 * its environment (the global options' defaults come from it, as in a step process).
 */
final class StepProgram implements InProcessProgram {

  /** Set to {@code false} to run every step as a process (how benchmarks compare the two). */
  static final String PROPERTY = "rancherd.steps.in-process";

  private static final Map<String, String> GLOBAL_DEFAULTS =
      Map.of(
          "--root", Bootstrapper.ENV_ROOT,
          "--data-dir", Bootstrapper.ENV_DATA_DIR,
          "--service-manager", Bootstrapper.ENV_SERVICE_MANAGER);

  /** The runner of a bootstrap: rancherd's own steps in this JVM, the rest with {@code others}. */
  static ProcessRunner runner(ProcessRunner others) {
    if (!Boolean.parseBoolean(System.getProperty(PROPERTY, "true"))) {
      return others;
    }
    return new SelfRunner(others, GlobalOptions.selfCommand(), new StepProgram());
  }

  @Override
  public int run(List<String> args, Map<String, String> env, PrintWriter out, PrintWriter err) {
    List<String> argv = new ArrayList<>();
    GLOBAL_DEFAULTS.forEach(
        (option, variable) -> {
          String value = env.get(variable);
          if (value != null && !args.contains(option)) {
            argv.add(option);
            argv.add(value);
          }
        });
    argv.addAll(args);
    String[] line = argv.toArray(String[]::new);
    int code = Cli.commandLine(out, err, env, line).execute(line);
    out.flush();
    err.flush();
    return code;
  }
}
