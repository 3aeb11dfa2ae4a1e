package io.rancherd.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Represent;
import org.yaml.snakeyaml.representer.Representer;

/**
 * YAML text of manifests that Go programs read (k3s's deploy controller, Helm): block style, keys
 * in the maps' order, no line folding, multi-line strings as literal blocks. SnakeYAML already
 * quotes every string its YAML 1.1 resolver would read as another type ({@code "yes"}, {@code
 * "on"}, {@code "0644"}); Go's YAML 1.1 parser also reads {@code y} and {@code n} as booleans, so
 * those are quoted too.
 */
public final class ManifestYaml {

  private static final Set<String> GO_BOOLEANS = Set.of("y", "Y", "n", "N");

  private ManifestYaml() {}

  /** One YAML document. */
  public static String dump(Object value) {
    return yaml().dump(fresh(value));
  }

  /** A multi-document stream, documents separated by {@code ---}. */
  public static String dumpAll(List<?> documents) {
    Yaml yaml = yaml();
    StringBuilder out = new StringBuilder();
    for (Object document : documents) {
      if (out.length() > 0) {
        out.append("---\n");
      }
      out.append(yaml.dump(fresh(document)));
    }
    return out.toString();
  }

  /**
   * A deep copy of maps and lists, so that no collection appears twice in what is dumped: SnakeYAML
   * would write a shared one once with an anchor and then as an alias.
   */
  private static Object fresh(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(k, fresh(v)));
      return copy;
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>();
      list.forEach(item -> copy.add(fresh(item)));
      return copy;
    }
    return value;
  }

  private static Yaml yaml() {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setIndent(2);
    options.setIndicatorIndent(0);
    options.setWidth(Integer.MAX_VALUE);
    options.setSplitLines(false);
    return new Yaml(new GoSafeRepresenter(options), options);
  }

  /**
   * Quotes the strings that Go's YAML 1.1 parser would turn into booleans and SnakeYAML would not.
   */
  private static final class GoSafeRepresenter extends Representer {

    GoSafeRepresenter(DumperOptions options) {
      super(options);
      Represent standard = representers.get(String.class);
      representers.put(
          String.class,
          data ->
              GO_BOOLEANS.contains(data)
                  ? representScalar(Tag.STR, (String) data, DumperOptions.ScalarStyle.DOUBLE_QUOTED)
                  : standard.representData(data));
    }
  }
}
