package io.rancherd.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.rancherd.testing.Commands;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * What the packaging build made (paths from the system properties failsafe and surefire set), and
 * the commands the tests run on it.
 */
final class Built {

  static final Duration TIMEOUT = Duration.ofSeconds(120);

  private Built() {}

  static Path tarball() {
    return existing("rancherd.tarball");
  }

  static Path deb() {
    return existing("rancherd.deb");
  }

  static Path modules() {
    return existing("rancherd.modules");
  }

  static Path installScript() {
    return existing("rancherd.installScript");
  }

  static Path unit() {
    return existing("rancherd.unit");
  }

  /** {@code rancherd-<version>-linux-<arch>}: the tarball's name and top directory. */
  static String name() {
    return tarball().getFileName().toString().replaceFirst("\\.tar\\.gz$", "");
  }

  /** Extracts the tarball into {@code dir} and returns its top directory. */
  static Path extract(Path dir) {
    Commands.Output out = run(List.of("tar", "-xzf", tarball().toString(), "-C", dir.toString()));
    assertEquals(0, out.exitCode(), out::stderr);
    Path top = dir.resolve(name());
    assertTrue(Files.isDirectory(top), "the tarball's top directory " + name());
    return top;
  }

  static Commands.Output run(List<String> command) {
    return run(command, null, Map.of());
  }

  static Commands.Output run(List<String> command, Path workDir, Map<String, String> env) {
    Commands.Output out = Commands.run(command, workDir, env, TIMEOUT);
    if (out.timedOut()) {
      fail("timed out: " + String.join(" ", command) + "\n" + out.stderr());
    }
    return out;
  }

  /**
   * Runs {@code command} with exactly the environment {@code env} (through {@code env -i}), so
   * nothing of the test JVM's environment (JAVA_HOME, PATH) leaks in.
   */
  static Commands.Output runClean(List<String> command, Map<String, String> env) {
    List<String> argv = new ArrayList<>(List.of("env", "-i"));
    env.forEach((k, v) -> argv.add(k + "=" + v));
    argv.addAll(command);
    return run(argv);
  }

  /**
   * Whether {@code tool} is on PATH. Without it the test is skipped, or fails when the system
   * property {@code rancherd.requireTools} or the variable {@code RANCHERD_REQUIRE_TOOLS} is true
   * (CI).
   */
  static void requireTool(String tool, String debianPackage) {
    boolean present =
        Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
            .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, tool)));
    if (present) {
      return;
    }
    String message = tool + " is not installed (Debian package " + debianPackage + ")";
    if (Boolean.getBoolean("rancherd.requireTools")
        || "true".equals(System.getenv("RANCHERD_REQUIRE_TOOLS"))) {
      fail(
          message + " and the tools are required (rancherd.requireTools / RANCHERD_REQUIRE_TOOLS)");
    }
    Assumptions.abort(
        message
            + "; skipped (set RANCHERD_REQUIRE_TOOLS=true or -Drancherd.requireTools=true to make this a failure)");
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path existing(String property) {
    String value = System.getProperty(property);
    if (value == null) {
      fail(
          "system property "
              + property
              + " is not set; run the tests through Maven (mvn verify -pl packaging)");
    }
    Path path = Path.of(value).toAbsolutePath();
    if (!Files.exists(path)) {
      fail(path + " is missing; build it first (mvn package -pl packaging)");
    }
    return path;
  }
}
