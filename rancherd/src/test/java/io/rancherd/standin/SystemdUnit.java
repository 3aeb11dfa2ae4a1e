package io.rancherd.standin;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads what tests need from a systemd unit file: the {@code ExecStart} command and environment files. */
public final class SystemdUnit {

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
    return lines.stream().filter(l -> l.startsWith(key + "=")).map(l -> l.substring(key.length() + 1)).toList();
  }

  /** The {@code ExecStart} command as argv, with systemd's (shell-like) quoting removed. */
  public List<String> execStart() {
    List<String> values = values("ExecStart");
    if (values.size() != 1) {
      throw new IllegalStateException("expected one ExecStart line, found " + values.size());
    }
    return split(values.get(0));
  }

  static List<String> split(String command) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (int i = 0; i < command.length(); i++) {
      char c = command.charAt(i);
      if (quote == '\'') {
        if (c == '\'') {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (quote == '"') {
        if (c == '"') {
          quote = 0;
        } else if (c == '\\' && i + 1 < command.length()) {
          word.append(command.charAt(++i));
        } else {
          word.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
      } else if (c == '\\' && i + 1 < command.length()) {
        word.append(command.charAt(++i));
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }
}
