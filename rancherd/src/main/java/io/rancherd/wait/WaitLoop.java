package io.rancherd.wait;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The one wait loop of rancherd, shared by plan probes ({@link ProbeRunner}) and Kubernetes waits:
 * check, and while the check fails, report progress at a steady pace ("waiting for &lt;detail&gt;,
 * 40 s"), pause, check again; past the timeout, fail with an exception built from the last result.
 * Time and pauses are injected, so tests run instantly. A loop that checks a shared server (the
 * server a node joins, the discovery leader) is given a random source and jitters its pauses (see
 * {@link Backoff}); one that checks this node's own services paces them exactly.
 */
public final class WaitLoop {

  /** One check of what is awaited. */
  @FunctionalInterface
  public interface Check<E extends Exception> {

    /**
     * Checks once. The detail of the result names what is awaited and what was seen ("node n1
     * Ready: Ready=False (KubeletNotReady)"): it is the progress line and the basis of the timeout
     * message.
     */
    CheckResult check() throws E, InterruptedException;
  }

  /** Builds the exception thrown when the timeout passes. */
  @FunctionalInterface
  public interface TimeoutFailure<T extends Exception> {

    T failure(CheckResult last, long waitedSeconds);
  }

  private final Clock clock;
  private final Sleeper sleeper;
  private final Consumer<String> progress;
  private final Optional<RandomGenerator> jitter;

  /** A loop for this node's own services: pauses exactly as the timing says. */
  public WaitLoop(Clock clock, Sleeper sleeper, Consumer<String> progress) {
    this(clock, sleeper, progress, Optional.empty());
  }

  /** A loop for a shared server: each pause drawn from {@code jitter} (see {@link Backoff}). */
  public WaitLoop(Clock clock, Sleeper sleeper, Consumer<String> progress, RandomGenerator jitter) {
    this(clock, sleeper, progress, Optional.of(jitter));
  }

  private WaitLoop(
      Clock clock, Sleeper sleeper, Consumer<String> progress, Optional<RandomGenerator> jitter) {
    this.clock = clock;
    this.sleeper = sleeper;
    this.progress = progress;
    this.jitter = jitter;
  }

  /** Where progress lines go; callers report their own transitions there too. */
  public Consumer<String> progress() {
    return progress;
  }

  /**
   * Sleeps {@code initialDelay}, then checks, pausing as {@code timing} says, until a check
   * succeeds; returns the successful result.
   *
   * @throws E what a check throws; the loop stops at once
   * @throws T built by {@code onTimeout} from the last result once {@code timing.timeout()} has
   *     passed
   */
  public <E extends Exception, T extends Exception> CheckResult until(
      Check<E> check, Duration initialDelay, Timing timing, TimeoutFailure<T> onTimeout)
      throws E, T, InterruptedException {
    Instant start = clock.instant();
    Instant nextProgress = start.plus(timing.progressEvery());
    sleeper.sleep(initialDelay);
    for (int failures = 1; ; failures++) {
      CheckResult result = check.check();
      if (result.success()) {
        return result;
      }
      Instant now = clock.instant();
      long waited = Duration.between(start, now).toSeconds();
      if (!now.isBefore(start.plus(timing.timeout()))) {
        throw onTimeout.failure(result, waited);
      }
      if (!now.isBefore(nextProgress)) {
        progress.accept("waiting for " + result.detail() + ", " + waited + " s");
        nextProgress = now.plus(timing.progressEvery());
      }
      Duration left = Duration.between(now, start.plus(timing.timeout()));
      int failed = failures;
      Duration pause =
          jitter
              .map(random -> timing.backoff().after(failed, random))
              .orElseGet(() -> timing.backoff().ceiling(failed));
      sleeper.sleep(pause.compareTo(left) > 0 ? left : pause);
    }
  }
}
