package io.rancherd.config;

import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.comments.CommentLine;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * SnakeYAML's composer (YAML text to a node graph, no Java object is constructed) with rancherd's
 * limits applied while it reads: at most {@link YamlParser#MAX_DEPTH} maps and lists inside each
 * other and at most {@link YamlParser#MAX_VALUES} nodes in a file. Memory stays bounded because the
 * limits stop it before the nodes exist; the refusal names the line where it stopped.
 */
final class BoundedComposer extends Composer {

  /** Carries a refusal out of SnakeYAML's unchecked call chain. */
  static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient ConfigException refusal;

    Refused(ConfigException refusal) {
      super(refusal.getMessage(), null, false, false);
      this.refusal = refusal;
    }

    ConfigException refusal() {
      return refusal;
    }
  }

  private final String file;
  private int depth;
  private int nodes;

  BoundedComposer(String text, String file) {
    super(new ParserImpl(new StreamReader(text), options()), new Resolver(), options());
    this.file = file;
  }

  private static LoaderOptions options() {
    LoaderOptions options = new LoaderOptions();
    // Aliases are bounded by counting the values they stand for (YamlParser), which names the line;
    // SnakeYAML's own limits, which do not, are set where they never come first.
    options.setMaxAliasesForCollections(Integer.MAX_VALUE);
    options.setNestingDepthLimit(2 * YamlParser.MAX_DEPTH + 2);
    options.setCodePointLimit(YamlParser.MAX_FILE_BYTES + 1);
    options.setAllowRecursiveKeys(false);
    // No tag ever picks a Java type here (YamlScalars builds the standard types only): every tag
    // gets through to YamlParser, which refuses it naming the key.
    options.setTagInspector(tag -> true);
    return options;
  }

  @Override
  protected Node composeScalarNode(String anchor, List<CommentLine> blockComments) {
    count();
    return super.composeScalarNode(anchor, blockComments);
  }

  @Override
  protected Node composeSequenceNode(String anchor) {
    enter();
    try {
      return super.composeSequenceNode(anchor);
    } finally {
      depth--;
    }
  }

  @Override
  protected Node composeMappingNode(String anchor) {
    enter();
    try {
      return super.composeMappingNode(anchor);
    } finally {
      depth--;
    }
  }

  private void enter() {
    count();
    depth++;
    if (depth > YamlParser.MAX_DEPTH) {
      throw new Refused(
          new ConfigException(
              here(),
              "",
              "maps and lists are nested deeper than " + YamlParser.MAX_DEPTH + " levels"));
    }
  }

  private void count() {
    nodes++;
    if (nodes > YamlParser.MAX_VALUES) {
      throw new Refused(YamlParser.tooManyValues(here(), ""));
    }
  }

  private Location here() {
    return new Location(file, parser.peekEvent().getStartMark().getLine() + 1);
  }
}
