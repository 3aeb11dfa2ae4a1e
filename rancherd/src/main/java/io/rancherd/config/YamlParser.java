package io.rancherd.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.reader.ReaderException;

/**
 * Parses YAML text into {@link YamlNode}s with file and line information. SnakeYAML only composes
 * the text into nodes; values are built here from the standard scalar types, so no other Java type
 * is ever instantiated. Every problem, limits included, is a {@link ConfigException} naming the
 * file and line (and the key, when the text got that far), and never quoting the file's text.
 *
 * <p>The limits, for every file read through here (config sources, drop-ins, manifests): the file
 * at most {@link #MAX_FILE_BYTES} bytes, a line at most {@link #MAX_LINE_CHARS} characters, a value
 * at most {@link #MAX_SCALAR_CHARS} characters, maps and lists at most {@link #MAX_DEPTH} levels
 * deep, and at most {@link #MAX_VALUES} keys and values in a file, an alias counting as all those
 * it repeats (anchors and aliases are allowed: cloud-config and manifests use them). Scalars are
 * read as {@link YamlScalars} says (its tag rule); text must be Unicode without NUL.
 * docs/reference/config.md, "YAML rancherd accepts", and docs/design.md §3 (Config YAML) give the
 * figures and why.
 */
public final class YamlParser {

  /** A config or manifest file: 1 MiB, far above what clouds pass as user-data (EC2: 16 KiB). */
  public static final int MAX_FILE_BYTES = 1024 * 1024;

  /** One line: 256 KiB; SnakeYAML's look-ahead grows with the square of a line's length. */
  public static final int MAX_LINE_CHARS = 256 * 1024;

  /** One value (a scalar, a block scalar included): 256 KiB. */
  public static final int MAX_SCALAR_CHARS = 256 * 1024;

  /** Maps and lists inside each other. */
  public static final int MAX_DEPTH = 64;

  /** Keys and values (maps, lists and scalars) in a file, after aliases are expanded. */
  public static final int MAX_VALUES = 100_000;

  private static final Function<Set<String>, Predicate<String>> ALL = keys -> key -> true;

  private final String file;
  private final YamlScalars scalars = new YamlScalars();
  private final Set<Node> open = Collections.newSetFromMap(new IdentityHashMap<>());
  private int values;

  private YamlParser(String file) {
    this.file = file;
  }

  /**
   * Reads a config or manifest file as UTF-8 text; of a file over {@link #MAX_FILE_BYTES}, no more
   * than the limit is read.
   */
  public static String read(Path file) throws ConfigException {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_FILE_BYTES + 1);
    } catch (IOException e) {
      throw new ConfigException(
          new Location(file.toString(), 0), "", "cannot read: " + e.getMessage());
    }
    if (bytes.length > MAX_FILE_BYTES) {
      throw YamlText.tooBig(file.toString(), YamlText.lineAtByte(bytes, MAX_FILE_BYTES));
    }
    return YamlText.decode(bytes, file.toString());
  }

  /** Parses every document of a stream; empty documents are skipped. */
  public static List<YamlNode> parseAll(String text, String file) throws ConfigException {
    return parseAll(text, file, ALL);
  }

  /**
   * Parses every document, reading of each top-level map only the entries whose keys {@code select}
   * keeps, given all the top-level keys. The others (cloud-init's keys beside rancherd's) are
   * composed, so they count against the limits, but nothing in them is checked: they are not
   * rancherd's to judge.
   */
  static List<YamlNode> parseAll(
      String text, String file, Function<Set<String>, Predicate<String>> select)
      throws ConfigException {
    YamlText.check(text, file);
    YamlParser parser = new YamlParser(file);
    List<YamlNode> result = new ArrayList<>();
    try {
      BoundedComposer composer = new BoundedComposer(text, file);
      while (composer.checkNode()) {
        Node node = composer.getNode();
        if (node != null) {
          Predicate<String> keep =
              node instanceof MappingNode top ? select.apply(topKeys(top)) : key -> true;
          result.add(parser.convert(node, "", 0, keep));
        }
      }
    } catch (BoundedComposer.Refused e) {
      throw e.refusal();
    } catch (MarkedYAMLException e) {
      throw YamlErrors.of(e, file);
    } catch (ReaderException e) {
      throw YamlErrors.of(e, text, file);
    } catch (YAMLException e) {
      // Not expected after the checks above (limits are ours, and SnakeYAML's are set above them).
      throw new ConfigException(
          new Location(file, 0), "", "not valid YAML: " + YamlErrors.problem("", ""));
    }
    return result;
  }

  /** Parses a single-document file; an empty file gives an empty mapping. */
  public static YamlNode parse(String text, String file) throws ConfigException {
    return parse(text, file, ALL);
  }

  /** Parses a single-document file, reading the top-level entries {@code select} keeps. */
  static YamlNode parse(String text, String file, Function<Set<String>, Predicate<String>> select)
      throws ConfigException {
    List<YamlNode> docs = parseAll(text, file, select);
    if (docs.isEmpty()) {
      return YamlNode.Mapping.empty(new Location(file, 1));
    }
    if (docs.size() > 1) {
      throw new ConfigException(
          docs.get(1).location(),
          "",
          "holds " + docs.size() + " YAML documents; a config file must hold one");
    }
    return docs.get(0);
  }

  private static Set<String> topKeys(MappingNode top) {
    Set<String> keys = new LinkedHashSet<>();
    for (NodeTuple tuple : top.getValue()) {
      if (tuple.getKeyNode() instanceof ScalarNode key) {
        keys.add(key.getValue());
      }
    }
    return keys;
  }

  static ConfigException tooManyValues(Location at, String path) {
    return new ConfigException(
        at,
        path,
        "the file holds more than "
            + MAX_VALUES
            + " keys and values (an alias counts as all those it repeats), the limit for one "
            + "file; split it, or use fewer aliases");
  }

  private YamlNode convert(Node node, String path, int depth) throws ConfigException {
    return convert(node, path, depth, key -> true);
  }

  /** Converts {@code node}; of a map, only the entries whose keys {@code keep} keeps. */
  private YamlNode convert(Node node, String path, int depth, Predicate<String> keep)
      throws ConfigException {
    Location location = new Location(file, node.getStartMark().getLine() + 1);
    count(location, path);
    if (node instanceof ScalarNode scalar) {
      checkText("value", scalar.getValue(), location, path);
      return new YamlNode.Scalar(scalars.value(scalar, location, path), location);
    }
    if (depth >= MAX_DEPTH) {
      throw new ConfigException(
          location,
          path,
          "maps and lists are nested deeper than " + MAX_DEPTH + " levels (aliases included)");
    }
    if (!open.add(node)) {
      throw new ConfigException(
          location, path, "an alias repeats a map or list that contains it: the value never ends");
    }
    YamlNode result;
    if (node instanceof MappingNode mapping) {
      YamlScalars.checkCollection(mapping.getTag(), Tag.MAP, location, path);
      result = convertMapping(mapping, path, depth, location, keep);
    } else {
      SequenceNode sequence = (SequenceNode) node;
      YamlScalars.checkCollection(sequence.getTag(), Tag.SEQ, location, path);
      List<YamlNode> items = new ArrayList<>();
      for (Node item : sequence.getValue()) {
        items.add(convert(item, path + "[" + items.size() + "]", depth + 1));
      }
      result = new YamlNode.Sequence(items, location);
    }
    open.remove(node);
    return result;
  }

  private YamlNode.Mapping convertMapping(
      MappingNode mapping, String path, int depth, Location location, Predicate<String> keep)
      throws ConfigException {
    Map<String, YamlNode> entries = new LinkedHashMap<>();
    Map<String, Location> keyLocations = new LinkedHashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      Node keyNode = tuple.getKeyNode();
      if (keyNode instanceof ScalarNode k && !keep.test(k.getValue())) {
        continue;
      }
      Location keyLocation = new Location(file, keyNode.getStartMark().getLine() + 1);
      if (!(keyNode instanceof ScalarNode scalarKey) || Tag.MERGE.equals(keyNode.getTag())) {
        throw new ConfigException(keyLocation, path, "map keys must be plain strings");
      }
      String key = scalarKey.getValue();
      count(keyLocation, path);
      checkText("key", key, keyLocation, path);
      String keyPath = Fields.path(path, key);
      YamlScalars.checkKey(scalarKey, keyLocation, keyPath);
      if (entries.containsKey(key)) {
        throw new ConfigException(
            keyLocation,
            keyPath,
            "duplicate key: it is also set on line "
                + keyLocations.get(key).line()
                + " of the same map");
      }
      entries.put(key, convert(tuple.getValueNode(), keyPath, depth + 1));
      keyLocations.put(key, keyLocation);
    }
    return new YamlNode.Mapping(entries, keyLocations, location);
  }

  private void count(Location at, String path) throws ConfigException {
    if (++values > MAX_VALUES) {
      throw tooManyValues(at, path);
    }
  }

  private static void checkText(String what, String text, Location at, String path)
      throws ConfigException {
    if (text.length() > MAX_SCALAR_CHARS) {
      throw new ConfigException(
          at,
          path,
          "the "
              + what
              + " is "
              + text.length()
              + " characters long, longer than the limit of "
              + MAX_SCALAR_CHARS
              + " characters for one value");
    }
    String problem = YamlText.unicodeProblem(text);
    if (problem != null) {
      throw new ConfigException(at, path, "the " + what + " " + problem);
    }
  }
}
