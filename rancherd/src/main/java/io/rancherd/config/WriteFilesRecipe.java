package io.rancherd.config;

import java.util.Optional;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The rancherd configuration a cloud-config recipe writes: the {@code content} of its {@code
 * write_files} entry for {@code /etc/rancher/rancherd/config.yaml}. cloud-init writes that file
 * before {@code runcmd} runs {@code rancherd bootstrap}, which then reads it as its main file; this
 * class lets {@code --config <user-data>} read the same settings before the node exists (to plan or
 * check a recipe). Other entries are cloud-init's and not judged (they may be {@code !!binary}).
 * Lines of errors are those of the user-data file.
 */
final class WriteFilesRecipe {

  static final String KEY = "write_files";

  private WriteFilesRecipe() {}

  /**
   * The settings the recipe {@code text} (already parsed once, so within the limits) writes to the
   * main file, when it has such an entry.
   */
  static Optional<YamlNode.Mapping> section(String text, String file) throws ConfigException {
    Node doc;
    try {
      BoundedComposer composer = new BoundedComposer(text, file);
      doc = composer.getSingleNode();
    } catch (BoundedComposer.Refused e) {
      throw e.refusal();
    } catch (YAMLException e) {
      return Optional.empty(); // not one document: the first parse has said what is wrong
    }
    if (value(doc, KEY) instanceof SequenceNode files) {
      for (Node entry : files.getValue()) {
        if (value(entry, "path") instanceof ScalarNode path
            && ConfigSources.MAIN_FILE.equals(path.getValue())) {
          return Optional.of(parse((MappingNode) entry, file));
        }
      }
    }
    return Optional.empty();
  }

  private static YamlNode.Mapping parse(MappingNode entry, String file) throws ConfigException {
    Location at = new Location(file, entry.getStartMark().getLine() + 1);
    if (value(entry, "encoding") instanceof ScalarNode encoding
        && !encoding.getValue().isEmpty()
        && !"text/plain".equals(encoding.getValue())) {
      throw new ConfigException(
          at,
          KEY + ".encoding",
          "expected plain-text content for " + ConfigSources.MAIN_FILE + " (no encoding)");
    }
    Node content = value(entry, "content");
    if (content == null) {
      return YamlNode.Mapping.empty(at);
    }
    if (!(content instanceof ScalarNode scalar) || !Tag.STR.equals(scalar.getTag())) {
      throw new ConfigException(
          new Location(file, content.getStartMark().getLine() + 1),
          KEY + ".content",
          "expected the YAML text of " + ConfigSources.MAIN_FILE + " (content: |)");
    }
    // A block scalar (content: |) starts on the line after its key: pad so lines match the file.
    int line = scalar.getStartMark().getLine() + 1;
    boolean block =
        scalar.getScalarStyle().getChar() != null
            && "|>".indexOf(scalar.getScalarStyle().getChar()) >= 0;
    String padded = "\n".repeat(block ? line : line - 1) + scalar.getValue();
    YamlNode parsed = YamlParser.parse(padded, file);
    if (parsed instanceof YamlNode.Scalar n && n.isNull()) {
      return YamlNode.Mapping.empty(at);
    }
    if (!(parsed instanceof YamlNode.Mapping map)) {
      throw new ConfigException(
          parsed.location(),
          KEY + ".content",
          "expected a YAML map of rancherd settings, found " + parsed.describe());
    }
    return map;
  }

  /** The value of {@code key} in {@code node} when it is a map holding it, else null. */
  private static Node value(Node node, String key) {
    if (node instanceof MappingNode map) {
      for (NodeTuple tuple : map.getValue()) {
        if (tuple.getKeyNode() instanceof ScalarNode k && key.equals(k.getValue())) {
          return tuple.getValueNode();
        }
      }
    }
    return null;
  }
}
