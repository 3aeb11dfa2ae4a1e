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
 * registries} must have the runtimes' shape; keys whose install path is not built yet (an
 * instruction's {@code image}) are refused with that reason. {@code rancherInstallerImage} is
 * checked by {@link InstallSourceChecks}.
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
    refuseImages(loaded, "preInstructions", config.instructions().preInstructions());
    refuseImages(loaded, "postInstructions", config.instructions().postInstructions());
  }

  private static void refuseImages(
      LoadedConfig loaded, String key, List<InstructionConfig> instructions)
      throws ConfigException {
    for (int i = 0; i < instructions.size(); i++) {
      InstructionConfig instruction = instructions.get(i);
      if (instruction.image().isPresent()) {
        throw new ConfigException(
            loaded.locationOf(key),
            key + "[" + i + "].image",
            "instruction \""
                + instruction.name()
                + "\": running an instruction from an image is not supported yet; remove image"
                + " and give the instruction a command");
      }
    }
  }
}
