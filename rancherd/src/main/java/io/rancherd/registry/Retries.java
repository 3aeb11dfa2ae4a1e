package io.rancherd.registry;

import io.rancherd.wait.Backoff;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How often and how patiently a request that failed for a passing reason (no answer, 5xx, 429, a
 * connection cut mid-blob) is tried again: the project's jittered {@link Backoff}.
 *
 * @param attempts the attempts per request, at least 1
 * @param backoff the pause between attempts
 * @param random the jitter's source (seeded in tests)
 * @param sleeper how a pause is waited out (instant in tests)
 */
public record Retries(int attempts, Backoff backoff, RandomGenerator random, Sleeper sleeper) {

  /** Waits out a pause. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration pause) throws InterruptedException;
  }

  /** Four attempts, pauses of up to 1, 2, then 4 s. */
  public static Retries standard() {
    return new Retries(
        4,
        new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(8)),
        RandomGenerator.getDefault(),
        pause -> Thread.sleep(pause.toMillis()));
  }

  void pause(int failures) throws InterruptedException {
    sleeper.sleep(backoff.after(failures, random));
  }
}
