package io.rancherd.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assertions;

/**
 * Bounded polling: every wait of the end-to-end tests stops by itself and says what it waited for.
 */
final class Await {

  private static final Duration PAUSE = Duration.ofMillis(500);

  private Await() {}

  /**
   * Polls {@code condition} until true; fails after {@code timeout} with {@code context} (called
   * only then).
   */
  static void until(
      String what, Duration timeout, BooleanSupplier condition, Supplier<String> context) {
    until(what, timeout, condition, () -> false, context);
  }

  /**
   * As {@link #until(String, Duration, BooleanSupplier, Supplier)}, failing at once when {@code
   * hopeless} turns true.
   */
  static void until(
      String what,
      Duration timeout,
      BooleanSupplier condition,
      BooleanSupplier hopeless,
      Supplier<String> context) {
    Instant start = Instant.now();
    Instant deadline = start.plus(timeout);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        Assertions.fail("not within " + timeout.toSeconds() + " s: " + what + "\n" + context.get());
      }
      if (hopeless.getAsBoolean() && !condition.getAsBoolean()) {
        Assertions.fail(
            "gave up after "
                + Duration.between(start, Instant.now()).toSeconds()
                + " s (nothing runs that could"
                + " make it happen): "
                + what
                + "\n"
                + context.get());
      }
      try {
        Thread.sleep(PAUSE.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        Assertions.fail("interrupted while waiting: " + what);
      }
    }
  }
}
