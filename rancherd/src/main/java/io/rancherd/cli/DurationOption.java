package io.rancherd.cli;

import io.rancherd.config.Syntax;
import io.rancherd.error.InvalidInputException;
import io.rancherd.wait.Timing;
import java.time.Duration;

/** Parses duration options (Go syntax: 500ms, 2s, 15m, 1h30m) with one error wording. */
final class DurationOption {

  private DurationOption() {}

  /** The pacing of a wait from its --interval and --timeout; progress is logged every 10 s. */
  static Timing waitTiming(String interval, String timeout) throws InvalidInputException {
    return new Timing(
        parse("--interval", interval), Duration.ofSeconds(10), parse("--timeout", timeout));
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
