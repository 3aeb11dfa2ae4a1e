package io.rancherd.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the end-to-end tests find their inputs and keep their work: failsafe's system properties.
 */
final class E2eFiles {

  private E2eFiles() {}

  /** The rancherd .deb that packaging built ({@code rancherd.deb}). */
  static Path deb() {
    return Path.of(property("rancherd.deb"));
  }

  /** packaging's tarball ({@code rancherd.tarball}), which carries {@code install.sh}. */
  static Path tarball() {
    return Path.of(property("rancherd.tarball"));
  }

  /**
   * A directory for built artifacts (root file systems, the stand-in's runtime), kept between
   * tests.
   */
  static Path work() {
    return Path.of(property("rancherd.e2e.work"));
  }

  /** The bytes of an input file (the package, apt sources). */
  static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + file, e);
    }
  }

  private static String property(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          "system property "
              + name
              + " is not set: run the end-to-end tests with mvn verify -pl e2e");
    }
    return value;
  }
}
