package io.rancherd.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The level and format of the process's log, set once at start ({@link #configure}); until then,
 * info level in the format the environment asks for.
 */
public final class LogSettings {

  private static volatile boolean debug;
  private static volatile LogFormat format =
      LogFormat.choose(
          Optional.ofNullable(System.getProperty("rancherd.log.format")),
          System.getenv(),
          stderrDeviceAndInode());

  private LogSettings() {}

  /** {@code device:inode} of this process's stderr, as systemd writes JOURNAL_STREAM. */
  private static Optional<String> stderrDeviceAndInode() {
    try {
      Path fd = Path.of("/proc/self/fd/2");
      return Optional.of(
          Files.getAttribute(fd, "unix:dev") + ":" + Files.getAttribute(fd, "unix:ino"));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Debug lines on or off (the format is chosen from the environment at start). */
  public static void configure(boolean debugLevel) {
    debug = debugLevel;
  }

  static boolean debug() {
    return debug;
  }

  public static LogFormat format() {
    return format;
  }
}
