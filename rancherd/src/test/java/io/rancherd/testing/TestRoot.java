package io.rancherd.testing;

import io.rancherd.config.ConfigException;
import io.rancherd.config.ConfigLoader;
import io.rancherd.config.ConfigSources;
import io.rancherd.config.LoadedConfig;
import io.rancherd.fs.Root;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** A temporary machine root for config tests: write files at machine paths, then load. */
public final class TestRoot {

  private final Path dir;

  public TestRoot(Path dir) {
    this.dir = dir;
  }

  public Root root() {
    return new Root(dir);
  }

  /**
   * Writes {@code text} at the machine path {@code absolute} under the root; returns the real path.
   */
  public Path write(String absolute, String text) {
    Path file = root().path(absolute);
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  public LoadedConfig load() throws ConfigException {
    return ConfigLoader.load(ConfigSources.standard(root(), Optional.empty()));
  }

  public LoadedConfig load(Path configFile) throws ConfigException {
    return ConfigLoader.load(ConfigSources.standard(root(), Optional.of(configFile)));
  }
}
