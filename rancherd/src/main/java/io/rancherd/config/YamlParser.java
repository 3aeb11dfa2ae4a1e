package io.rancherd.config;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Parses YAML text into {@link YamlNode}s with file and line information, using SnakeYAML's safe
 * constructor for scalars (no arbitrary types are ever instantiated).
 */
public final class YamlParser {

  private static final int MAX_DEPTH = 64;

  private YamlParser() {}

  /** Parses every document of a stream; empty documents are skipped. */
  public static List<YamlNode> parseAll(String text, String file) throws ConfigException {
    Yaml yaml = newYaml();
    List<YamlNode> result = new ArrayList<>();
    try (Reader reader = new StringReader(text)) {
      for (Node node : yaml.composeAll(reader)) {
        if (node != null) {
          result.add(convert(node, file, new ScalarConstructor(), 0));
        }
      }
    } catch (MarkedYAMLException e) {
      throw syntaxError(file, e);
    } catch (YAMLException e) {
      throw new ConfigException(
          new Location(file, 0), "", "not valid YAML: " + firstLine(e.getMessage()));
    } catch (IOException e) {
      throw new ConfigException(new Location(file, 0), "", "cannot read: " + e.getMessage());
    }
    return result;
  }

  /** Parses a single-document file; an empty file gives an empty mapping. */
  public static YamlNode parse(String text, String file) throws ConfigException {
    List<YamlNode> docs = parseAll(text, file);
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

  private static Yaml newYaml() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(50);
    options.setCodePointLimit(8 * 1024 * 1024);
    return new Yaml(new SafeConstructor(options));
  }

  private static ConfigException syntaxError(String file, MarkedYAMLException e) {
    Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
    int line = mark == null ? 0 : mark.getLine() + 1;
    String problem = e.getProblem() != null ? e.getProblem() : firstLine(e.getMessage());
    return new ConfigException(new Location(file, line), "", "not valid YAML: " + problem);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  private static YamlNode convert(Node node, String file, ScalarConstructor scalars, int depth)
      throws ConfigException {
    Location location = new Location(file, node.getStartMark().getLine() + 1);
    if (depth > MAX_DEPTH) {
      throw new ConfigException(location, "", "nested deeper than " + MAX_DEPTH + " levels");
    }
    if (node instanceof MappingNode mapping) {
      return convertMapping(mapping, file, scalars, depth, location);
    }
    if (node instanceof SequenceNode sequence) {
      List<YamlNode> items = new ArrayList<>();
      for (Node item : sequence.getValue()) {
        items.add(convert(item, file, scalars, depth + 1));
      }
      return new YamlNode.Sequence(items, location);
    }
    return new YamlNode.Scalar(scalars.construct((ScalarNode) node), location);
  }

  private static YamlNode convertMapping(
      MappingNode mapping, String file, ScalarConstructor scalars, int depth, Location location)
      throws ConfigException {
    Map<String, YamlNode> entries = new LinkedHashMap<>();
    Map<String, Location> keyLocations = new LinkedHashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      Node keyNode = tuple.getKeyNode();
      Location keyLocation = new Location(file, keyNode.getStartMark().getLine() + 1);
      if (!(keyNode instanceof ScalarNode scalarKey) || Tag.MERGE.equals(keyNode.getTag())) {
        throw new ConfigException(keyLocation, "", "map keys must be plain strings");
      }
      String key = scalarKey.getValue();
      if (entries.containsKey(key)) {
        throw new ConfigException(
            keyLocation,
            key,
            "duplicate key: it is also set on line "
                + keyLocations.get(key).line()
                + " of the same map");
      }
      entries.put(key, convert(tuple.getValueNode(), file, scalars, depth + 1));
      keyLocations.put(key, keyLocation);
    }
    return new YamlNode.Mapping(entries, keyLocations, location);
  }

  /** Exposes SnakeYAML's safe scalar construction (ints, floats, booleans, nulls, strings). */
  private static final class ScalarConstructor extends SafeConstructor {
    ScalarConstructor() {
      super(new LoaderOptions());
    }

    Object construct(ScalarNode node) {
      Object value = constructObject(node);
      if (value instanceof Integer i) {
        return i.longValue();
      }
      return value;
    }
  }
}
