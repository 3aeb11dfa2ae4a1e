package io.rancherd.log;

import java.util.Optional;

/**
 * The level and format of the process's log, set once at start ({@link #configure}); until then,
 * info level in the format the environment asks for.
 */
public final class LogSettings {

  private static volatile boolean debug;
  private static volatile LogFormat format =
      LogFormat.choose(
          Optional.ofNullable(System.getProperty("rancherd.log.format")), System.getenv());

  private LogSettings() {}

  /** Debug lines on or off, and the format. */
  public static void configure(boolean debugLevel, LogFormat logFormat) {
    debug = debugLevel;
    format = logFormat;
  }

  static boolean debug() {
    return debug;
  }

  public static LogFormat format() {
    return format;
  }
}
