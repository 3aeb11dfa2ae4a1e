package io.rancherd.wait;

import java.time.Duration;

/**
 * The pacing of a wait: pauses start at {@code interval} and double up to {@code maxInterval}
 * (equal for a steady pace); a progress line every {@code progressEvery}; failure after {@code
 * timeout}.
 */
public record Timing(
    Duration interval, Duration maxInterval, Duration progressEvery, Duration timeout) {

  /** A steady pace. */
  public Timing(Duration interval, Duration progressEvery, Duration timeout) {
    this(interval, interval, progressEvery, timeout);
  }

  /** The pauses between checks, as a backoff. */
  public Backoff backoff() {
    return new Backoff(interval, maxInterval);
  }
}
