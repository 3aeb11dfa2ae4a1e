package io.rancherd.cli;

import io.rancherd.config.Syntax;
import io.rancherd.error.InvalidInputException;
import io.rancherd.wait.Timing;
import java.time.Duration;

/** Parses duration options (Go syntax: 500ms, 2s, 15m, 1h30m) with one error wording. */
final class DurationOption {

  private DurationOption() {}

  /** The first pause of a wait: a ready service is seen within about this long. */
  static final Duration FIRST_PAUSE = Duration.ofMillis(100);

  /**
   * The pacing of a wait from its --interval and --timeout: the first pause is {@link #FIRST_PAUSE}
   * (or --interval when shorter), each next one twice as long up to --interval; progress is logged
   * every 10 s.
   */
  static Timing waitTiming(String interval, String timeout) throws InvalidInputException {
    Duration longest = parse("--interval", interval);
    Duration first = longest.compareTo(FIRST_PAUSE) < 0 ? longest : FIRST_PAUSE;
    return new Timing(first, longest, Duration.ofSeconds(10), parse("--timeout", timeout));
  }

  static Duration parse(String option, String text) throws InvalidInputException {
    Duration d = Syntax.parseDuration(text);
    if (d == null) {
      throw new InvalidInputException(
          option + ": expected a duration such as 2s or 15m, found '" + text + "'");
    }
    return d;
  }
}
