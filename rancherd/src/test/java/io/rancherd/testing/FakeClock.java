package io.rancherd.testing;

import io.rancherd.wait.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that only {@link #advance} and its {@link #sleeper()} move forward: waits run instantly
 * and deterministically.
 */
public final class FakeClock extends Clock {

  public static final Instant START = Instant.parse("2026-11-21T10:00:00Z");

  private volatile Instant now = START;

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return now;
  }

  /** Moves this clock forward, as time passing between events. */
  public void advance(Duration duration) {
    now = now.plus(duration);
  }

  /** A sleeper that advances this clock instead of waiting. */
  public Sleeper sleeper() {
    return d -> now = now.plus(d);
  }
}
