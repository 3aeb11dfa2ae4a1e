package io.rancherd.exec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A process to run: an argv array (never a shell string), extra environment, a working directory, a
 * timeout, the prefix of its log lines, and where to save its output (optional).
 */
public record ProcessSpec(
    List<String> argv,
    Map<String, String> env,
    Path workDir,
    Duration timeout,
    String logPrefix,
    Optional<Path> outputFile) {

  public ProcessSpec {
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("empty command");
    }
    argv = List.copyOf(argv);
    env = Map.copyOf(env);
  }
}
