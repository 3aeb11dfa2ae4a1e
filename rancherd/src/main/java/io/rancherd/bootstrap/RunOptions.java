package io.rancherd.bootstrap;

import io.rancherd.wait.Backoff;
import java.time.Duration;

/**
 * How a bootstrap runs.
 *
 * @param force run even when the node is bootstrapped, doing every step again
 * @param once give up after the first failed attempt instead of retrying
 * @param stepAttempts how often a failing step is tried before the attempt fails
 * @param retryDelay the ceiling of the first pause after a failure; it doubles up to {@link
 *     #MAX_RETRY_DELAY}, and each pause is drawn below it (see {@link Backoff})
 * @param serviceManager the --service-manager that plan instructions use
 * @param serverWait how long one attempt waits for the server a node joins to answer
 */
public record RunOptions(
    boolean force,
    boolean once,
    int stepAttempts,
    Duration retryDelay,
    String serviceManager,
    Duration serverWait) {

  public static final Duration MAX_RETRY_DELAY = Duration.ofMinutes(5);

  /** The longest an instruction may run; the waits inside have their own, shorter limits. */
  public static final Duration INSTRUCTION_TIMEOUT = Duration.ofMinutes(45);

  /** The ceilings of the pauses after failures, of steps and of whole attempts alike. */
  public Backoff backoff() {
    return new Backoff(retryDelay, MAX_RETRY_DELAY);
  }
}
