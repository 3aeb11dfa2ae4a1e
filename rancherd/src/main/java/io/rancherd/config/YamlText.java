package io.rancherd.config;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The checks on a YAML file's bytes and text that come before SnakeYAML reads it: strict UTF-8, the
 * size of the file and the length of its lines. SnakeYAML looks ahead over a whole line while it
 * scans a value, and the cost of that look-ahead grows with the square of the line's length (a 2
 * MiB line took 11 s), so the line limit is what keeps parsing fast. Messages name the line, never
 * the text.
 */
final class YamlText {

  private YamlText() {}

  /**
   * Decodes strict UTF-8 (an encoded surrogate is malformed) and drops a leading byte-order mark.
   */
  static String decode(byte[] bytes, String file) throws ConfigException {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      String before = new String(bytes, 0, in.position(), StandardCharsets.UTF_8);
      throw new ConfigException(
          new Location(file, lineAt(before, before.length())),
          "",
          "not valid UTF-8: the line holds bytes that are not UTF-8 text; save the file as UTF-8");
    }
    String text = out.flip().toString();
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }

  /**
   * Refuses a text longer than {@link YamlParser#MAX_FILE_BYTES} (a char is at least one byte of
   * UTF-8), a line longer than {@link YamlParser#MAX_LINE_CHARS} and half a surrogate pair.
   */
  static void check(String text, String file) throws ConfigException {
    if (text.length() > YamlParser.MAX_FILE_BYTES) {
      throw tooBig(file, lineAt(text, YamlParser.MAX_FILE_BYTES));
    }
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (isBreak(text, i)) {
        line++;
        lineStart = i + 1;
      } else if (i - lineStart >= YamlParser.MAX_LINE_CHARS) {
        throw new ConfigException(
            new Location(file, line),
            "",
            "the line is longer than "
                + YamlParser.MAX_LINE_CHARS
                + " characters, the limit for one line; break the value over several lines "
                + "(a block scalar with | or >)");
      } else if (Character.isSurrogate(c) && !pairedAt(text, i)) {
        throw new ConfigException(
            new Location(file, line),
            "",
            "holds half of a UTF-16 surrogate pair: not Unicode text");
      } else if (Character.isHighSurrogate(c)) {
        i++;
      }
    }
  }

  /** The file is larger than the limit, which it reaches on {@code line}. */
  static ConfigException tooBig(String file, int line) {
    return new ConfigException(
        new Location(file, line),
        "",
        "the file is larger than "
            + YamlParser.MAX_FILE_BYTES
            + " bytes (1 MiB), the limit for a config or manifest file, from this line on; "
            + "split it into several files (drop-ins)");
  }

  /** The 1-based line of the byte at {@code index} of UTF-8 text. */
  static int lineAtByte(byte[] bytes, int index) {
    int line = 1;
    for (int i = 0; i < Math.min(index, bytes.length); i++) {
      if (bytes[i] == '\n') {
        line++;
      }
    }
    return line;
  }

  /**
   * The 1-based line of the character at {@code index}, counting line breaks as SnakeYAML does (LF,
   * CRLF, a lone CR, NEL, LS and PS), so that it agrees with the lines of SnakeYAML's marks.
   */
  static int lineAt(String text, int index) {
    int line = 1;
    for (int i = 0; i < Math.min(index, text.length()); i++) {
      if (isBreak(text, i)) {
        line++;
      }
    }
    return line;
  }

  /** The char index of the code point at {@code codePoints}, clamped to the text. */
  static int charIndex(String text, int codePoints) {
    int cps = Math.max(0, Math.min(codePoints, text.codePointCount(0, text.length())));
    return text.offsetByCodePoints(0, cps);
  }

  /** Whether {@code text} holds an unpaired surrogate or a NUL character. */
  static String unicodeProblem(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\0') {
        return "holds a NUL character (\\0), which no file, path or command line can hold";
      }
      if (Character.isSurrogate(c)) {
        if (!pairedAt(text, i)) {
          return "holds half of a UTF-16 surrogate pair (an escape such as \\ud800 alone), which "
              + "is not a character: write the character itself, or its \\U escape";
        }
        i++;
      }
    }
    return null;
  }

  private static boolean pairedAt(String text, int i) {
    return Character.isHighSurrogate(text.charAt(i))
        && i + 1 < text.length()
        && Character.isLowSurrogate(text.charAt(i + 1));
  }

  private static boolean isBreak(String text, int i) {
    char c = text.charAt(i);
    return c == '\n'
        || c == '\u0085'
        || c == '\u2028'
        || c == '\u2029'
        || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'));
  }
}
