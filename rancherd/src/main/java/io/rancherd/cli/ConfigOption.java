package io.rancherd.cli;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The --config option of the commands that read configuration. */
final class ConfigOption {

  @Option(
      names = {"--config", "-c"},
      paramLabel = "FILE",
      description =
          "A config file read after all implicit sources (read as given, not under --root).")
  Path file;

  Optional<Path> file() {
    return Optional.ofNullable(file);
  }
}
