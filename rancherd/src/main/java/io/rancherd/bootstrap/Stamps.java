package io.rancherd.bootstrap;

import io.rancherd.fs.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * rancherd's stamps in its data dir: {@code working} is written at every attempt, {@code
 * bootstrapped} only when the node is really up. Both are small YAML records (0600) of what was
 * decided; they never hold the token.
 */
public final class Stamps {

  public static final String WORKING = "working";
  public static final String BOOTSTRAPPED = "bootstrapped";

  private final Path dataDir;

  public Stamps(Path dataDir) {
    this.dataDir = dataDir;
  }

  public Path path(String stamp) {
    return dataDir.resolve(stamp);
  }

  public boolean exists(String stamp) {
    return Files.isRegularFile(path(stamp));
  }

  /** Writes a stamp holding {@code fields} and the time. */
  public void write(String stamp, Map<String, Object> fields, Instant now) throws IOException {
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("time", now.toString());
    content.putAll(fields);
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    AtomicFiles.writePrivate(
        path(stamp), new Yaml(options).dump(content).getBytes(StandardCharsets.UTF_8));
  }

  /** Reads a stamp's fields, or empty when it does not exist or cannot be read. */
  public Optional<Map<String, Object>> read(String stamp) {
    if (!exists(stamp)) {
      return Optional.empty();
    }
    try {
      Object doc =
          new Yaml(new SafeConstructor(new LoaderOptions()))
              .load(Files.readString(path(stamp), StandardCharsets.UTF_8));
      if (doc instanceof Map<?, ?> map) {
        Map<String, Object> fields = new LinkedHashMap<>();
        map.forEach((k, v) -> fields.put(String.valueOf(k), v));
        return Optional.of(fields);
      }
      return Optional.of(Map.of());
    } catch (IOException | RuntimeException e) {
      return Optional.of(Map.of("unreadable", String.valueOf(e.getMessage())));
    }
  }

  public void delete(String stamp) throws IOException {
    Files.deleteIfExists(path(stamp));
  }
}
