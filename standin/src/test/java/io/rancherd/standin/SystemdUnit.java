package io.rancherd.standin;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what tests need from a systemd unit file: the {@code ExecStart} command and environment
 * files.
 */
public final class SystemdUnit {

  private static final Pattern TOKEN =
      Pattern.compile(
          "\"(?<double>(?:\\\\.|[^\"\\\\])*)\"|'(?<single>[^']*)'|\\\\(?<escaped>.)"
              + "|(?<space>\\s+)|(?<plain>[^\\s'\"\\\\]+)");

  private final List<String> lines;

  private SystemdUnit(List<String> lines) {
    this.lines = lines;
  }

  public static SystemdUnit read(Path file) {
    return parse(SecureFiles.read(file));
  }

  /** Parses unit text, joining lines continued with a trailing backslash. */
  public static SystemdUnit parse(String text) {
    List<String> joined = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      if (line.endsWith("\\")) {
        current.append(line, 0, line.length() - 1).append(' ');
      } else {
        joined.add(current.append(line).toString());
        current.setLength(0);
      }
    }
    return new SystemdUnit(joined);
  }

  /** The values of {@code key=} lines in file order. */
  public List<String> values(String key) {
    return lines.stream()
        .filter(l -> l.startsWith(key + "="))
        .map(l -> l.substring(key.length() + 1))
        .toList();
  }

  /** The {@code ExecStart} command as argv, with systemd's (shell-like) quoting removed. */
  public List<String> execStart() {
    List<String> values = values("ExecStart");
    if (values.size() != 1) {
      throw new IllegalStateException("expected one ExecStart line, found " + values.size());
    }
    return split(values.get(0));
  }

  /**
   * systemd's splitting of a command line: words separated by white space, "double" quotes (with
   * backslash escapes inside), 'single' quotes, and backslash escapes outside quotes.
   */
  static List<String> split(String command) {
    List<String> words = new ArrayList<>();
    Matcher token = TOKEN.matcher(command);
    StringBuilder word = null;
    while (token.find()) {
      if (token.group("space") != null) {
        if (word != null) {
          words.add(word.toString());
        }
        word = null;
        continue;
      }
      word = word == null ? new StringBuilder() : word;
      if (token.group("double") != null) {
        word.append(token.group("double").replaceAll("\\\\(.)", "$1"));
      } else if (token.group("single") != null) {
        word.append(token.group("single"));
      } else if (token.group("escaped") != null) {
        word.append(token.group("escaped"));
      } else {
        word.append(token.group("plain"));
      }
    }
    if (word != null) {
      words.add(word.toString());
    }
    return words;
  }
}
