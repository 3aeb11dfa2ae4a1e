package io.rancherd.doctor;

import java.util.Optional;

/**
 * What one check found: its status, a one-line message and, for a warning or a failure, the fix.
 * Messages never hold a line break: several lines (log lines, warnings) are joined with " | ".
 */
record Finding(String check, Status status, String message, Optional<String> fix) {

  static final String LINE_JOIN = " | ";

  public Finding {
    message = oneLine(message);
    fix = fix.map(Finding::oneLine);
  }

  public static Finding pass(String check, String message) {
    return new Finding(check, Status.PASS, message, Optional.empty());
  }

  public static Finding warn(String check, String message, String fix) {
    return new Finding(check, Status.WARN, message, Optional.of(fix));
  }

  public static Finding fail(String check, String message, String fix) {
    return new Finding(check, Status.FAIL, message, Optional.of(fix));
  }

  /** The check does not apply now, for the reason given. */
  public static Finding skip(String check, String reason) {
    return new Finding(check, Status.SKIP, reason, Optional.empty());
  }

  /** {@code <STATUS> <check>: <message>}, then {@code ; fix: <fix>} when there is one. */
  public String line() {
    return status + " " + check + ": " + message + fix.map(f -> "; fix: " + f).orElse("");
  }

  private static String oneLine(String text) {
    return text.strip().replaceAll("\\s*\\R\\s*", LINE_JOIN);
  }
}
