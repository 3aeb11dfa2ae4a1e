package io.rancherd.exec;

import io.rancherd.error.RancherdException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a command (an argv array, never a shell string) until it exits 0. */
public final class Retry {

  private static final Logger LOG = LoggerFactory.getLogger(Retry.class);

  private Retry() {}

  /**
   * Runs {@code argv} with inherited output until it exits 0, pausing {@code pause} between
   * attempts; {@code maxAttempts} 0 means no limit.
   */
  public static void untilSuccess(List<String> argv, Duration pause, int maxAttempts)
      throws RancherdException, InterruptedException {
    for (int attempt = 1; ; attempt++) {
      int code;
      try {
        code = new ProcessBuilder(argv).inheritIO().start().waitFor();
      } catch (IOException e) {
        throw new RancherdException("running " + argv.get(0) + ": " + e.getMessage(), e);
      }
      if (code == 0) {
        return;
      }
      if (maxAttempts > 0 && attempt >= maxAttempts) {
        throw new RancherdException(
            "running " + argv.get(0) + ": exit status " + code + " after " + attempt + " attempts");
      }
      LOG.info(
          "{} exited with status {} (attempt {}); retrying in {} s",
          argv.get(0),
          code,
          attempt,
          pause.toSeconds());
      Thread.sleep(pause.toMillis());
    }
  }
}
