package io.rancherd.wait;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: the ceiling starts at {@code initial} and doubles after
 * every failure, never above {@code max}; the pause is drawn uniformly between zero and the
 * ceiling. Without jitter, nodes that failed together (a power cut, a server restarting) would
 * retry against the same server or mirror at the same instants, again and again; with it their
 * retries spread over the whole interval (the AWS Architecture Blog, "Exponential Backoff And
 * Jitter", 2015). The random source is the caller's, so that tests seed it.
 */
public record Backoff(Duration initial, Duration max) {

  /** The longest pause after the {@code failures}-th consecutive failure (1-based). */
  public Duration ceiling(int failures) {
    Duration pause = initial;
    for (int i = 1; i < failures && pause.compareTo(max) < 0; i++) {
      pause = pause.multipliedBy(2);
    }
    return pause.compareTo(max) > 0 ? max : pause;
  }

  /**
   * The pause after the {@code failures}-th consecutive failure: uniform between zero and {@link
   * #ceiling(int)}, to the millisecond.
   */
  public Duration after(int failures, RandomGenerator random) {
    return Duration.ofMillis(random.nextLong(ceiling(failures).toMillis() + 1));
  }
}
