package io.rancherd.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads rancherd's configuration: finds the files, parses each, unwraps cloud-config, merges them
 * in order (each file followed by its {@code <file>.d/} drop-ins; a {@code --config} cloud-config
 * recipe contributes what its {@code write_files} writes to the main file), validates and binds the
 * result, and adds the bootstrap resources found in the manifests directories. Reads only; writes
 * nothing.
 */
public final class ConfigLoader {

  private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);
  private static final int MAX_DROP_IN_DEPTH = 4;

  private final ConfigSources sources;
  private final List<ConfigSource> seen = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();

  private ConfigLoader(ConfigSources sources) {
    this.sources = sources;
  }

  /** Loads the configuration from {@code sources}. */
  public static LoadedConfig load(ConfigSources sources) throws ConfigException {
    return new ConfigLoader(sources).run();
  }

  private LoadedConfig run() throws ConfigException {
    YamlNode.Mapping merged = YamlNode.Mapping.empty(Location.NONE);
    for (Path implicit : sources.implicitPaths()) {
      for (Path file : expandDirectory(implicit)) {
        merged = mergeFile(merged, file, false, 0);
      }
    }
    merged = mergeFile(merged, sources.mainFile(), true, 0);
    if (sources.explicitFile().isPresent()) {
      Path explicit = sources.explicitFile().get();
      if (!Files.isRegularFile(explicit)) {
        throw new ConfigException(
            new Location(explicit.toString(), 0),
            "",
            "cannot read the --config file: no such file");
      }
      merged = mergeFile(merged, explicit, true, 0);
    }
    ConfigBinder.Bound bound = new ConfigBinder(this::warn).bind(merged);
    RancherdConfig config = bound.config();
    config =
        config.withResources(
            config.resources().withExtra(ManifestReader.read(sources.manifestDirs(), this::warn)));
    return new LoadedConfig(config, seen, warnings, bound.keyLocations());
  }

  private void warn(String message) {
    warnings.add(message);
    LOG.warn(message);
  }

  /** An implicit path that is a directory contributes its YAML files, in name order. */
  private static List<Path> expandDirectory(Path path) {
    if (!Files.isDirectory(path)) {
      return List.of(path);
    }
    List<Path> files = new ArrayList<>(List.of(path));
    files.addAll(yamlFilesIn(path));
    return files;
  }

  private YamlNode.Mapping mergeFile(YamlNode.Mapping merged, Path file, boolean strict, int depth)
      throws ConfigException {
    YamlNode.Mapping result = merged;
    if (Files.isRegularFile(file)) {
      try {
        YamlNode.Mapping section = readSection(file, strict);
        result = YamlMerge.mergeTop(merged, section);
      } catch (ConfigException e) {
        if (strict) {
          throw e;
        }
        seen.add(new ConfigSource(file, ConfigSource.State.SKIPPED, e.problem()));
        warn(e.getMessage() + " (file skipped)");
        return merged;
      }
    } else if (!Files.isDirectory(file)) {
      seen.add(new ConfigSource(file, ConfigSource.State.MISSING, ""));
    }
    if (depth < MAX_DROP_IN_DEPTH) {
      for (Path dropIn : yamlFilesIn(file.resolveSibling(file.getFileName() + ".d"))) {
        result = mergeFile(result, dropIn, strict, depth + 1);
      }
    }
    return result;
  }

  private YamlNode.Mapping readSection(Path file, boolean strict) throws ConfigException {
    String text = YamlParser.read(file);
    boolean cloudConfig = text.startsWith("#cloud-config");
    if (!strict && !cloudConfig && text.startsWith("#!")) {
      seen.add(new ConfigSource(file, ConfigSource.State.UNUSED, "a script, not YAML"));
      return YamlNode.Mapping.empty(new Location(file.toString(), 1));
    }
    // The --config file may be a cloud-config recipe: its write_files entry for the main file.
    boolean recipe = cloudConfig && sources.explicitFile().map(file::equals).orElse(false);
    YamlNode doc =
        YamlParser.parse(
            text, file.toString(), keys -> CloudConfig.rancherdKeys(keys, cloudConfig));
    if (doc instanceof YamlNode.Scalar s && s.isNull()) {
      seen.add(new ConfigSource(file, ConfigSource.State.UNUSED, "empty"));
      return YamlNode.Mapping.empty(doc.location());
    }
    if (!(doc instanceof YamlNode.Mapping map)) {
      throw new ConfigException(
          doc.location(), "", "expected a YAML map at the top, found " + doc.describe());
    }
    YamlNode.Mapping section =
        recipe && map.get(CloudConfig.SECTION) == null
            ? WriteFilesRecipe.section(text, file.toString())
                .orElse(CloudConfig.rancherdSection(map, cloudConfig))
            : CloudConfig.rancherdSection(map, cloudConfig);
    seen.add(
        new ConfigSource(
            file,
            section.entries().isEmpty() ? ConfigSource.State.UNUSED : ConfigSource.State.LOADED,
            section.entries().isEmpty() ? "no rancherd settings" : ""));
    return section;
  }

  static List<Path> yamlFilesIn(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries
          .filter(Files::isRegularFile)
          .filter(p -> isYaml(p.getFileName().toString()))
          .sorted()
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  static boolean isYaml(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.endsWith(".yaml") || lower.endsWith(".yml");
  }
}
