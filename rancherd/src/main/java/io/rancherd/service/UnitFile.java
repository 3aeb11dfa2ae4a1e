package io.rancherd.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of a systemd unit file that running a service without systemd needs: the {@code
 * ExecStart} command line, {@code Environment=} assignments and {@code EnvironmentFile=} paths (a
 * leading {@code -} marks an optional file). Continuation lines ending in a backslash are joined;
 * comments are skipped; command words follow systemd's quoting (double and single quotes).
 */
record UnitFile(
    List<String> execStart, Map<String, String> environment, List<String> environmentFiles) {

  public static UnitFile parse(String text) {
    List<String> exec = List.of();
    Map<String, String> env = new LinkedHashMap<>();
    List<String> envFiles = new ArrayList<>();
    for (String line : logicalLines(text)) {
      int eq = line.indexOf('=');
      if (eq < 0 || line.startsWith("[")) {
        continue;
      }
      String key = line.substring(0, eq).trim();
      String value = line.substring(eq + 1).trim();
      switch (key) {
        case "ExecStart" -> exec = words(stripPrefixes(value));
        case "Environment" ->
            words(value)
                .forEach(
                    pair -> {
                      int e = pair.indexOf('=');
                      if (e > 0) {
                        env.put(pair.substring(0, e), pair.substring(e + 1));
                      }
                    });
        case "EnvironmentFile" -> envFiles.add(value);
        default -> {}
      }
    }
    return new UnitFile(exec, env, envFiles);
  }

  /** Reads the {@code KEY=value} lines of an environment file, quotes removed. */
  public static Map<String, String> environmentFile(String text) {
    Map<String, String> env = new LinkedHashMap<>();
    for (String line : logicalLines(text)) {
      String assignment = line.startsWith("export ") ? line.substring(7).trim() : line;
      int eq = assignment.indexOf('=');
      if (eq > 0) {
        String value = assignment.substring(eq + 1).trim();
        List<String> unquoted = words(value);
        env.put(
            assignment.substring(0, eq).trim(),
            unquoted.isEmpty() ? "" : String.join(" ", unquoted));
      }
    }
    return env;
  }

  private static List<String> logicalLines(String text) {
    List<String> lines = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String raw : text.split("\n", -1)) {
      String line = raw.strip();
      if (current.length() == 0 && (line.startsWith("#") || line.startsWith(";"))) {
        continue;
      }
      if (line.endsWith("\\")) {
        current.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      current.append(line);
      if (!current.toString().isBlank()) {
        lines.add(current.toString().strip());
      }
      current.setLength(0);
    }
    return lines;
  }

  /**
   * Removes systemd's ExecStart prefixes ({@code -}, {@code @}, {@code :}, {@code +}, {@code !}).
   */
  private static String stripPrefixes(String value) {
    int i = 0;
    while (i < value.length() && "-@:+!".indexOf(value.charAt(i)) >= 0) {
      i++;
    }
    return value.substring(i);
  }

  /** The words of a command line or assignment list, with systemd's quoting removed. */
  public static List<String> words(String value) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else if (c == '\\' && i + 1 < value.length() && quote == '"') {
          word.append(value.charAt(++i));
        } else {
          word.append(c);
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
        inWord = true;
      } else if (c == '\\' && i + 1 < value.length()) {
        word.append(value.charAt(++i));
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
