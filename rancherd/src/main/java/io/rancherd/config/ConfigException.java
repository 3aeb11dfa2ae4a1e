package io.rancherd.config;

import io.rancherd.error.InvalidInputException;

/**
 * A configuration problem: names the file and line, the key path, and what was expected and found,
 * on one line (control characters in keys and values are shown escaped).
 */
public class ConfigException extends InvalidInputException {

  private static final int MAX_SHOWN_VALUE = 64;
  private static final int MAX_SHOWN_KEY = 200;

  private final Location location;
  private final String keyPath;
  private final String problem;

  public ConfigException(Location location, String keyPath, String problem) {
    super(format(location, keyPath, problem));
    this.location = location;
    this.keyPath = keyPath;
    this.problem = problem;
  }

  private static String format(Location location, String keyPath, String problem) {
    StringBuilder sb = new StringBuilder();
    if (location != null && location != Location.NONE) {
      sb.append(location).append(": ");
    }
    if (keyPath != null && !keyPath.isEmpty()) {
      sb.append(shorten(keyPath, MAX_SHOWN_KEY)).append(": ");
    }
    return oneLine(sb.append(problem).toString());
  }

  /**
   * {@code value} in single quotes for a message: its first 64 characters, then its length when it
   * is longer (a value may be 256 KiB long, and a message is one line).
   */
  static String quote(String value) {
    if (value.length() <= MAX_SHOWN_VALUE) {
      return "'" + value + "'";
    }
    return "'" + shorten(value, MAX_SHOWN_VALUE) + "' (" + value.length() + " characters)";
  }

  private static String shorten(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
    return text.substring(0, end) + "...";
  }

  /** {@code text} with line breaks and other control characters written as escapes. */
  static String oneLine(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
            sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.toString();
  }

  public Location location() {
    return location;
  }

  public String keyPath() {
    return keyPath;
  }

  public String problem() {
    return problem;
  }
}
