package io.rancherd.install;

import io.rancherd.error.InvalidInputException;
import io.rancherd.fs.Root;
import io.rancherd.registry.Registries;
import io.rancherd.runtime.Runtime;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The runtime's {@code registries.yaml}, which rancherd writes from the {@code registries} key: the
 * settings every installer image is pulled with, so one setting serves rancherd and the runtime.
 */
final class RegistriesFile {

  private RegistriesFile() {}

  /** The settings in the runtime's file, or none when there is no file. */
  static Registries read(Root root, Runtime runtime) throws InvalidInputException {
    Path file = root.path(runtime.registriesFile());
    if (!Files.isRegularFile(file)) {
      return Registries.NONE;
    }
    try (InputStream in = Files.newInputStream(file)) {
      Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
      if (loaded == null) {
        return Registries.NONE;
      }
      if (!(loaded instanceof Map<?, ?> map)) {
        throw new InvalidInputException(
            runtime.registriesFile() + ": expected a map with mirrors and configs");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> typed = (Map<String, Object>) map;
      return Registries.from(typed);
    } catch (IOException | YAMLException e) {
      throw new InvalidInputException(
          runtime.registriesFile()
              + ": cannot read it ("
              + e.getMessage().lines().findFirst().orElse("")
              + "); expected the registries.yaml that rancherd writes from the registries key");
    }
  }
}
