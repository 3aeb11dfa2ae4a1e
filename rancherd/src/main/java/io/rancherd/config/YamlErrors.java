package io.rancherd.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.tokens.Token;

/**
 * Turns SnakeYAML's exceptions into {@link ConfigException}s built from the position and the kind
 * of the problem only. SnakeYAML's messages quote the text they stumbled on (an alias name, a tag,
 * an escape): that text may be a token or a password written without quotes, so it never reaches
 * the message. A problem SnakeYAML words without any of the file's text is kept as it is.
 */
final class YamlErrors {

  /** SnakeYAML problems that hold no text of the file. */
  private static final Set<String> FIXED =
      Set.of(
          "mapping values are not allowed here",
          "sequence entries are not allowed here",
          "mapping keys are not allowed here",
          "could not find expected ':'",
          "found unexpected end of stream",
          "found unexpected document separator",
          "found duplicate YAML directive",
          "found incompatible YAML document (version 1.* is required)");

  /** SnakeYAML problems that end in the name of a YAML token, which is never the file's text. */
  private static final List<String> ENDING_IN_A_TOKEN =
      List.of(
          "expected the node content, but found ",
          "expected <block end>, but found ",
          "expected ',' or ']', but got ",
          "expected ',' or '}', but got ",
          "expected '<document start>', but found ");

  private static final Set<String> TOKEN_NAMES =
      Arrays.stream(Token.ID.values()).map(Object::toString).collect(Collectors.toSet());

  static final String TAG_HINT =
      "a value starting with ! is a YAML tag, and rancherd accepts only the tags !!str, !!int, "
          + "!!float, !!bool, !!null, !!map and !!seq on values of that type; put the value in quotes";

  private YamlErrors() {}

  static ConfigException of(MarkedYAMLException e, String file) {
    Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
    int line = mark == null ? 0 : mark.getLine() + 1;
    return new ConfigException(
        new Location(file, line), "", "not valid YAML: " + problem(e.getContext(), e.getProblem()));
  }

  /** A character SnakeYAML does not allow in a YAML stream (a control character). */
  static ConfigException of(ReaderException e, String text, String file) {
    int line = YamlText.lineAt(text, YamlText.charIndex(text, e.getPosition()));
    return new ConfigException(
        new Location(file, line),
        "",
        "not valid YAML: the control character U+"
            + String.format(Locale.ROOT, "%04X", e.getCodePoint())
            + " is not allowed in a YAML file; remove it, or write it as an escape in a "
            + "double-quoted string");
  }

  static String problem(String context, String problem) {
    String p = problem == null ? "" : problem;
    String c = context == null ? "" : context;
    if (FIXED.contains(p)) {
      return p + hint(p);
    }
    for (String start : ENDING_IN_A_TOKEN) {
      if (p.startsWith(start) && TOKEN_NAMES.contains(unquote(p.substring(start.length())))) {
        return p;
      }
    }
    if (p.startsWith("found character '\\t(TAB)'")) {
      return "a tab where YAML expects indentation or a value; indent with spaces";
    }
    if (p.startsWith("found character")) {
      return "a character that cannot start a value (such as @ or `); put the value in quotes";
    }
    if (p.startsWith("found undefined alias")) {
      return "an alias (a value starting with *) that names no anchor defined before it; "
          + "put the value in quotes";
    }
    if (c.startsWith("while scanning a double-quoted scalar")) {
      return "an escape sequence that YAML does not know in a double-quoted string; write a "
          + "backslash as \\\\, or use single quotes";
    }
    if (p.startsWith("Global tag is not allowed")
        || p.startsWith("found undefined tag handle")
        || c.startsWith("while scanning a tag")
        || c.startsWith("while parsing a tag")) {
      return TAG_HINT;
    }
    if (c.startsWith("while scanning an anchor") || c.startsWith("while scanning an alias")) {
      return "an anchor or alias (a value starting with & or *) whose name YAML cannot read; "
          + "put the value in quotes";
    }
    if (c.contains("directive") || p.startsWith("duplicate tag handle")) {
      return "a directive (a line starting with %) that YAML cannot read";
    }
    if (c.startsWith("while scanning a block scalar")) {
      return "the header of a block scalar (| or >) that YAML cannot read";
    }
    return "the text here is not YAML";
  }

  private static String hint(String problem) {
    return switch (problem) {
      case "mapping values are not allowed here" -> " (a value that holds ': ' must be quoted)";
      case "could not find expected ':'" -> " (is a key missing its ':'?)";
      default -> "";
    };
  }

  private static String unquote(String s) {
    return s.length() >= 2 && s.startsWith("'") && s.endsWith("'")
        ? s.substring(1, s.length() - 1)
        : s;
  }
}
