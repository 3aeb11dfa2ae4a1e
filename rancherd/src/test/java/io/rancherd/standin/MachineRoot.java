package io.rancherd.standin;

import java.nio.file.Path;

/**
 * The directory that stands for {@code /} on the machine: every path the stand-in touches is
 * resolved under it. Taken from the environment variable {@code STANDIN_ROOT} (default {@code /}).
 */
record MachineRoot(Path dir) {

  static final String ENV = "STANDIN_ROOT";

  static MachineRoot fromEnvironment() {
    String value = System.getenv(ENV);
    return new MachineRoot(Path.of(value == null || value.isBlank() ? "/" : value).toAbsolutePath().normalize());
  }

  /** {@code absolute} (a machine path such as {@code /etc/rancher}) under this root. */
  Path resolve(String absolute) {
    return dir.resolve(absolute.startsWith("/") ? absolute.substring(1) : absolute);
  }

  /** The stand-in's own state: pid files, hold files, install records. */
  Path standinState() {
    return resolve("/var/lib/standin");
  }
}
