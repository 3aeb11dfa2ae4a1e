package io.rancherd.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Reads bootstrap resources from rancherd's manifests directories: every YAML document with {@code
 * apiVersion} and {@code kind}, in every {@code *.yaml}/{@code *.yml} file below the directory, in
 * path order. A broken file is skipped with a warning.
 */
final class ManifestReader {

  private ManifestReader() {}

  static List<Map<String, Object>> read(List<Path> dirs, Consumer<String> warnings) {
    List<Map<String, Object>> result = new ArrayList<>();
    for (Path dir : dirs) {
      for (Path file : filesBelow(dir)) {
        readFile(file, result, warnings);
      }
    }
    return result;
  }

  private static List<Path> filesBelow(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> ConfigLoader.isYaml(p.getFileName().toString()))
          .sorted()
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  @SuppressWarnings("unchecked")
  private static void readFile(
      Path file, List<Map<String, Object>> result, Consumer<String> warnings) {
    try {
      String text = YamlParser.read(file);
      for (YamlNode doc : YamlParser.parseAll(text, file.toString())) {
        if (doc instanceof YamlNode.Mapping m
            && m.get("apiVersion") instanceof YamlNode.Scalar a
            && a.value() instanceof String
            && m.get("kind") instanceof YamlNode.Scalar k
            && k.value() instanceof String) {
          result.add((Map<String, Object>) m.toPlain());
        }
      }
    } catch (ConfigException e) {
      warnings.accept(e.getMessage() + " (manifest skipped)");
    }
  }
}
