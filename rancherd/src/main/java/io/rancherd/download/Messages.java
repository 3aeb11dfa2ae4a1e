package io.rancherd.download;

/** Small text helpers so that every message stays on one line. */
public final class Messages {

  private Messages() {}

  /** {@code text} with line breaks and runs of spaces folded into single spaces. */
  public static String oneLine(String text) {
    return text == null ? "" : text.replaceAll("\\s+", " ").trim();
  }

  /** {@code "value"}, or {@code none} for null. */
  public static String quoted(String value) {
    return value == null ? "none" : "\"" + oneLine(value) + "\"";
  }

  /** 2 MiB, 512 KiB or 100 bytes. */
  public static String size(long bytes) {
    if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) {
      return bytes / (1024 * 1024) + " MiB";
    }
    if (bytes >= 1024 && bytes % 1024 == 0) {
      return bytes / 1024 + " KiB";
    }
    return bytes + " bytes";
  }

  /**
   * The first word of a body, shown when it is not what was expected: printable ASCII only, at most
   * 20 characters.
   */
  public static String firstWord(byte[] body) {
    StringBuilder word = new StringBuilder();
    for (int i = 0; i < body.length && word.length() < 20; i++) {
      int c = body[i] & 0xff;
      if (Character.isWhitespace(c) && word.length() > 0) {
        break;
      }
      if (c > 0x20 && c < 0x7f) {
        word.append((char) c);
      } else if (!Character.isWhitespace(c)) {
        word.append('?');
      }
    }
    return word.toString();
  }
}
