package io.rancherd.install;

import io.rancherd.config.ConfigException;
import io.rancherd.config.InstallConfig;
import io.rancherd.config.InstructionConfig;
import io.rancherd.config.LoadedConfig;
import io.rancherd.config.Location;
import io.rancherd.config.RancherdConfig;
import io.rancherd.error.InvalidInputException;
import io.rancherd.registry.ImageReference;
import io.rancherd.registry.Registries;
import java.util.List;

/**
 * The image keys checked when a plan is made, so that none is silently ignored: {@code
 * runtimeInstallerImage} must name an image and not contradict {@code installSource}; {@code
 * registries} must have the runtimes' shape; an instruction's {@code image} must be a valid image
 * name. {@code rancherInstallerImage} is checked by {@link InstallSourceChecks}.
 */
public final class InstallerImages {

  private InstallerImages() {}

  /** Checks the image keys; a problem names the file and line that set the key. */
  public static void check(LoadedConfig loaded) throws ConfigException {
    RancherdConfig config = loaded.config();
    InstallConfig install = config.install();
    try {
      Registries.from(install.registries());
    } catch (InvalidInputException e) {
      throw new ConfigException(loaded.locationOf("registries"), "", e.getMessage());
    }
    if (install.runtimeInstallerImage().isPresent()) {
      Location at = loaded.locationOf("runtimeInstallerImage");
      try {
        ImageReference.parse(
            install.runtimeInstallerImage().get(), install.systemDefaultRegistry());
      } catch (InvalidInputException e) {
        throw new ConfigException(at, "runtimeInstallerImage", e.getMessage());
      }
      if (install.installSource() != InstallConfig.Source.AUTO
          && install.installSource() != InstallConfig.Source.IMAGE) {
        throw new ConfigException(
            at,
            "runtimeInstallerImage",
            "the runtime is installed from this image, but installSource is "
                + install.installSource().key()
                + "; remove one of the two keys");
      }
    }
    checkImages(loaded, "preInstructions", config.instructions().preInstructions());
    checkImages(loaded, "postInstructions", config.instructions().postInstructions());
  }

  /** Each instruction's image must be a valid name (under systemDefaultRegistry). */
  private static void checkImages(
      LoadedConfig loaded, String key, List<InstructionConfig> instructions)
      throws ConfigException {
    for (int i = 0; i < instructions.size(); i++) {
      InstructionConfig instruction = instructions.get(i);
      if (instruction.image().isPresent()) {
        try {
          ImageReference.parse(
              instruction.image().get(), loaded.config().install().systemDefaultRegistry());
        } catch (InvalidInputException e) {
          throw new ConfigException(
              loaded.locationOf(key),
              key + "[" + i + "].image",
              "instruction \"" + instruction.name() + "\": " + e.getMessage());
        }
      }
    }
  }
}
