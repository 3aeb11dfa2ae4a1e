package io.rancherd.install;

import io.rancherd.error.InvalidInputException;
import io.rancherd.fs.Root;
import io.rancherd.registry.Registries;
import io.rancherd.runtime.Runtime;

/**
 * The runtime's {@code registries.yaml}, which rancherd writes from the {@code registries} key: the
 * settings every installer image is pulled with, so one setting serves rancherd and the runtime.
 */
final class RegistriesFile {

  private RegistriesFile() {}

  /** The settings in the runtime's file, or none when there is no file. */
  static Registries read(Root root, Runtime runtime) throws InvalidInputException {
    return Registries.read(root, runtime.registriesFile());
  }
}
