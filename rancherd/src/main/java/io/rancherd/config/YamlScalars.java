package io.rancherd.config;

import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * The values of scalars, and rancherd's rule for explicit tags. Without a tag, a plain scalar is
 * read as YAML 1.1 reads it (string, integer, float, boolean, null or timestamp) and a quoted one
 * as a string. An explicit tag is accepted only when it is one of {@code !!str} (any scalar, read
 * as a string), {@code !!int}, {@code !!float}, {@code !!bool} and {@code !!null} on a scalar whose
 * text is of that type, or {@code !!map} on a map and {@code !!seq} on a list: every other tag
 * ({@code !!binary}, {@code !!timestamp}, {@code !!set}, a local {@code !tag}, ...) is refused. A
 * password written {@code !secret} without quotes is such a local tag, so the messages never name a
 * tag that is not a standard one. Not thread-safe: one instance per parse.
 */
final class YamlScalars {

  private static final Resolver RESOLVER = new Resolver();

  /** The standard tags, by name, for messages; other tags are never named (they may be text). */
  private static final Map<Tag, String> STANDARD_NAMES =
      Map.ofEntries(
          Map.entry(Tag.STR, "!!str"),
          Map.entry(Tag.INT, "!!int"),
          Map.entry(Tag.FLOAT, "!!float"),
          Map.entry(Tag.BOOL, "!!bool"),
          Map.entry(Tag.NULL, "!!null"),
          Map.entry(Tag.MAP, "!!map"),
          Map.entry(Tag.SEQ, "!!seq"),
          Map.entry(Tag.BINARY, "!!binary"),
          Map.entry(Tag.TIMESTAMP, "!!timestamp"),
          Map.entry(Tag.SET, "!!set"),
          Map.entry(Tag.OMAP, "!!omap"),
          Map.entry(Tag.PAIRS, "!!pairs"),
          Map.entry(Tag.MERGE, "!!merge"));

  /** The tags accepted on a scalar whose text is of that type (!!str on any scalar). */
  private static final Set<Tag> ACCEPTED_ON_SCALARS =
      Set.of(Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL);

  private static final Set<Tag> ACCEPTED =
      Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.MAP, Tag.SEQ);

  /** The types of the values built from scalars; other implicit types are read as strings. */
  private static final Set<Tag> CONSTRUCTED =
      Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.TIMESTAMP);

  /** SnakeYAML's constructor keeps state while it builds a value: one per parse. */
  private final Constructor constructor = new Constructor();

  /**
   * The value of {@code node}: String, Long, BigInteger, Double, Boolean, Date or null.
   *
   * @throws ConfigException for a refused tag, or a tag the text does not fit
   */
  Object value(ScalarNode node, Location at, String path) throws ConfigException {
    Tag type = type(node, at, path);
    ScalarNode typed =
        new ScalarNode(
            CONSTRUCTED.contains(type) ? type : Tag.STR,
            node.getValue(),
            node.getStartMark(),
            node.getEndMark(),
            node.getScalarStyle());
    Object value;
    try {
      value = constructor.construct(typed);
    } catch (RuntimeException e) {
      throw new ConfigException(
          at, path, "YAML cannot read this value as " + article(typed.getTag()) + ": quote it");
    }
    return value instanceof Integer i ? Long.valueOf(i) : value;
  }

  /** Checks the tag of a map key; a key is always read as a string. */
  static void checkKey(ScalarNode key, Location at, String path) throws ConfigException {
    type(key, at, path);
  }

  /** Refuses a map or a list with a tag other than !!map or !!seq. */
  static void checkCollection(Tag tag, Tag expected, Location at, String path)
      throws ConfigException {
    if (!tag.equals(expected)) {
      throw refused(tag, expected.equals(Tag.MAP) ? "a map" : "a list", at, path);
    }
  }

  private static Tag type(ScalarNode node, Location at, String path) throws ConfigException {
    Tag tag = node.getTag();
    Tag textType = RESOLVER.resolve(NodeId.scalar, node.getValue(), true);
    Tag implicit = node.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN ? textType : Tag.STR;
    if (tag.equals(implicit) || tag.equals(Tag.STR)) {
      return tag;
    }
    boolean fits =
        tag.equals(Tag.FLOAT)
            ? textType.equals(Tag.FLOAT) || textType.equals(Tag.INT)
            : textType.equals(tag);
    if (ACCEPTED_ON_SCALARS.contains(tag)) {
      if (fits) {
        return tag;
      }
      throw new ConfigException(
          at,
          path,
          "the value is tagged "
              + STANDARD_NAMES.get(tag)
              + " but is not "
              + article(tag)
              + "; remove the tag, or write "
              + article(tag));
    }
    throw refused(tag, "a single value", at, path);
  }

  private static ConfigException refused(Tag tag, String kind, Location at, String path) {
    String name = STANDARD_NAMES.get(tag);
    String problem;
    if (name == null) {
      problem = YamlErrors.TAG_HINT;
    } else if (ACCEPTED.contains(tag)) {
      problem =
          "the tag "
              + name
              + " is for "
              + (tag.equals(Tag.MAP) ? "maps" : tag.equals(Tag.SEQ) ? "lists" : "single values")
              + ", and this value is "
              + kind
              + ": remove the tag";
    } else {
      problem =
          "the tag "
              + name
              + " is not accepted; rancherd accepts only !!str, !!int, !!float, !!bool, !!null, "
              + "!!map and !!seq on values of that type: remove the tag";
    }
    return new ConfigException(at, path, problem);
  }

  private static String article(Tag tag) {
    if (tag.equals(Tag.INT)) {
      return "an integer";
    }
    if (tag.equals(Tag.FLOAT)) {
      return "a number";
    }
    if (tag.equals(Tag.BOOL)) {
      return "a boolean (true or false)";
    }
    if (tag.equals(Tag.NULL)) {
      return "an empty value (null or ~)";
    }
    if (tag.equals(Tag.TIMESTAMP)) {
      return "a date";
    }
    return "a string";
  }

  /** Exposes SnakeYAML's safe construction of standard scalars. */
  private static final class Constructor extends SafeConstructor {
    Constructor() {
      super(new LoaderOptions());
    }

    Object construct(ScalarNode node) {
      return constructObject(node);
    }
  }
}
