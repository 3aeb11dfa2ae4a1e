package io.rancherd.log;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.event.Level;

/**
 * How a log line looks (docs/design.md, "Logs"). Under systemd ({@code JOURNAL_STREAM} set) each
 * line starts with its syslog priority, {@code <3>} to {@code <7>}, which journald takes as the
 * line's priority and strips, so {@code journalctl -p warning} shows the warnings; elsewhere
 * (cloud-init's runcmd, a terminal) each line starts with an ISO-8601 UTC time; inside a plan step
 * run by rancherd the line is plain, because the rancherd that runs the step relays it with its own
 * prefix. The level word follows in every form.
 */
public enum LogFormat {
  /** {@code <6>INFO message}: journald reads the priority. */
  JOURNAL,
  /** {@code 2026-12-04T07:40:02.123Z INFO message}. */
  TIMESTAMPED,
  /** {@code INFO message}: a step's output, relayed by the rancherd that runs it. */
  PLAIN;

  /** The variable (and system property {@code rancherd.log.format}) that sets the format. */
  public static final String VARIABLE = "RANCHERD_LOG_FORMAT";

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  /**
   * The format {@code property} (the system property) or the environment asks for: {@value
   * #VARIABLE} names one (plain, journal, timestamped); else journal when stderr is the journal
   * stream systemd names in {@code JOURNAL_STREAM} ({@code device:inode}, as systemd.exec(5) says
   * to check: a program that cloud-init or a shell started from a service inherits the variable
   * while its stderr goes elsewhere), else timestamped.
   *
   * @param stderr the {@code device:inode} of this process's stderr, if it could be read
   */
  public static LogFormat choose(
      Optional<String> property, Map<String, String> environment, Optional<String> stderr) {
    Optional<String> named = property.or(() -> Optional.ofNullable(environment.get(VARIABLE)));
    if (named.isPresent()) {
      for (LogFormat format : values()) {
        if (format.name().equalsIgnoreCase(named.get().trim())) {
          return format;
        }
      }
    }
    String journal = environment.get("JOURNAL_STREAM");
    return journal != null && stderr.filter(journal::equals).isPresent() ? JOURNAL : TIMESTAMPED;
  }

  /** One line for {@code message} at {@code level}, logged at {@code time}. */
  public String line(Level level, String message, Instant time) {
    String text = level.name() + " " + message;
    return switch (this) {
      case JOURNAL -> "<" + priority(level) + ">" + text;
      case TIMESTAMPED -> TIME.format(time) + " " + text;
      case PLAIN -> text;
    };
  }

  /** syslog priorities: err 3, warning 4, info 6, debug 7. */
  static int priority(Level level) {
    return switch (level) {
      case ERROR -> 3;
      case WARN -> 4;
      case INFO -> 6;
      case DEBUG, TRACE -> 7;
    };
  }

  /**
   * The level a relayed line of a rancherd step carries ({@code WARN ...} is a warning, its one
   * error line {@code rancherd: ...} an error), so that the rancherd that relays it logs it at that
   * level; INFO for any other line.
   */
  public static Level levelOf(String line) {
    if (line.startsWith("rancherd: ")) {
      return Level.ERROR; // a rancherd step's error line
    }
    for (Level level : new Level[] {Level.ERROR, Level.WARN}) {
      if (line.startsWith(level.name() + " ")) {
        return level;
      }
    }
    return Level.INFO;
  }
}
