package io.rancherd.upgrade;

import io.rancherd.error.UnexpectedStateException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/** Reading the YAML files upgrade works from: manifests and the runtime's config drop-in. */
final class ManifestFiles {

  private ManifestFiles() {}

  /** The documents of the YAML stream {@code text} (empty documents left out). */
  static List<Object> documents(String text, String shown) throws UnexpectedStateException {
    List<Object> documents = new ArrayList<>();
    try {
      for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(text)) {
        if (document != null) {
          documents.add(document);
        }
      }
    } catch (YAMLException e) {
      throw new UnexpectedStateException(shown + " is not YAML: " + firstLine(e.getMessage()));
    }
    return documents;
  }

  /** The documents of the file {@code file} ({@code shown} names it in messages). */
  static List<Object> read(Path file, String shown) throws UnexpectedStateException {
    try {
      return documents(Files.readString(file, StandardCharsets.UTF_8), shown);
    } catch (IOException e) {
      throw new UnexpectedStateException("reading " + shown + ": " + e.getMessage());
    }
  }

  /** The first document of {@code kind} in {@code documents} named {@code name}, if any. */
  static Optional<Map<?, ?>> find(List<Object> documents, String kind, String name) {
    for (Object document : documents) {
      if (document instanceof Map<?, ?> map
          && kind.equals(map.get("kind"))
          && map.get("metadata") instanceof Map<?, ?> metadata
          && (name == null || name.equals(metadata.get("name")))) {
        return Optional.of(map);
      }
    }
    return Optional.empty();
  }

  /** The text value of {@code key} in the map {@code map}, if it is a map and has one. */
  static Optional<String> text(Object map, String key) {
    return map instanceof Map<?, ?> m && m.get(key) != null
        ? Optional.of(String.valueOf(m.get(key)))
        : Optional.empty();
  }

  /**
   * {@code system-default-registry} of the runtime's config drop-in, which rancherd writes from
   * {@code systemDefaultRegistry}.
   */
  static Optional<String> systemDefaultRegistry(Path dropIn, String shown)
      throws UnexpectedStateException {
    if (!Files.isRegularFile(dropIn)) {
      return Optional.empty();
    }
    List<Object> documents = read(dropIn, shown);
    return documents.isEmpty()
        ? Optional.empty()
        : text(documents.get(0), "system-default-registry").filter(r -> !r.isBlank());
  }

  private static String firstLine(String message) {
    String text = message == null ? "" : message.strip();
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }
}
