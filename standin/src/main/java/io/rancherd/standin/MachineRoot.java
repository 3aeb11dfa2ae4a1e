package io.rancherd.standin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The directory that stands for {@code /} on the machine: every path the stand-in touches is
 * resolved under it. Taken from the environment variable {@code STANDIN_ROOT} (default {@code /}).
 */
record MachineRoot(Path dir) {

  static final String ENV = "STANDIN_ROOT";

  static MachineRoot fromEnvironment() {
    String value = System.getenv(ENV);
    return new MachineRoot(
        Path.of(value == null || value.isBlank() ? "/" : value).toAbsolutePath().normalize());
  }

  /** {@code absolute} (a machine path such as {@code /etc/rancher}) under this root. */
  Path resolve(String absolute) {
    return dir.resolve(absolute.startsWith("/") ? absolute.substring(1) : absolute);
  }

  /** The trimmed content of {@code /etc/machine-id}, when that file exists and is not blank. */
  Optional<String> machineId() {
    Path file = resolve("/etc/machine-id");
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    String id = SecureFiles.read(file).trim();
    return id.isEmpty() ? Optional.empty() : Optional.of(id);
  }

  /** The stand-in's own state: pid files, hold files, install records. */
  Path standinState() {
    return resolve("/var/lib/standin");
  }
}
