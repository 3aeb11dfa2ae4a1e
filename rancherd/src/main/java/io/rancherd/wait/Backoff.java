package io.rancherd.wait;

import java.time.Duration;

/**
 * Exponential backoff: {@code initial}, doubled after every failure, never more than {@code max}.
 */
public record Backoff(Duration initial, Duration max) {

  /** The pause after the {@code failures}-th consecutive failure (1-based). */
  public Duration after(int failures) {
    Duration pause = initial;
    for (int i = 1; i < failures && pause.compareTo(max) < 0; i++) {
      pause = pause.multipliedBy(2);
    }
    return pause.compareTo(max) > 0 ? max : pause;
  }
}
