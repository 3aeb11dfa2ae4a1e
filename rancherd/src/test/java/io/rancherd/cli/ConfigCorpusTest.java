package io.rancherd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Config that breaks the YAML layer (issue 17: explicit tags, unpaired surrogates, nesting, size,
 * aliases) gets the invalid-config contract: exit 2, one line naming the file and line, no secret
 * in it, and nothing written under --root, by {@code plan} and by {@code bootstrap}; seeded
 * mutations of valid configs exit 0 or 2, never "internal error".
 */
@Isolated // runs rancherd in this JVM, which takes its standard streams
class ConfigCorpusTest {

  private static final Pattern ERROR_AT = Pattern.compile(":(\\d+): ");

  /**
   * The one exit-2 error of {@code plan} that names no file: a mutation that removes or renames the
   * role leaves a valid config in which no source sets one.
   */
  private static final String NO_ROLE =
      "rancherd: deciding the role: no role is configured in any config source; set role to "
          + "cluster-init (initialize a new cluster), server or agent (join one), or etcd, "
          + "controlplane, control-plane or worker";

  static Stream<Arguments> casesForBothCommands() {
    return Stream.of("plan", "bootstrap")
        .flatMap(cmd -> ConfigCorpus.cases().stream().map(c -> Arguments.of(cmd, c)));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("casesForBothCommands")
  void brokenYaml_exits2WithOneLineNamingFileAndLine_withoutSecrets_writingNothing(
      String command, ConfigCorpus.Input c, @TempDir Path root, @TempDir Path configDir) {
    Path config = write(configDir.resolve("config.yaml"), c.bytes());

    Launcher.Result r = InProcess.run(root, command, "--config", config.toString());

    String line = invalidConfigLine(r, config);
    int at = lineNamed(line, config, r);
    if (c.line() != ConfigCorpus.ANY_LINE) {
      assertEquals(c.line(), at, () -> "the line named\n" + describe(r));
    }
    if (c.key() != null) {
      assertTrue(
          line.contains(c.key() + ": "),
          () -> "the error should name the key " + c.key() + "\n" + describe(r));
    }
    assertEquals(List.of(), Launcher.entriesUnder(root), "nothing may be written under --root");
  }

  @Test
  void mutationsOfValidConfigs_exit0Or2_andAnError_isOneLineNamingFileAndLine(
      @TempDir Path root, @TempDir Path configDir) {
    List<String> failures = new ArrayList<>();
    int invalid = 0;
    for (ConfigCorpus.Input input : ConfigCorpus.mutations(17, 400)) {
      Path config = write(configDir.resolve("config.yaml"), input.bytes());
      Launcher.Result r = InProcess.run(root, "plan", "--config", config.toString());
      String problem = problem(r, config);
      if (problem != null) {
        failures.add(input + ": " + problem + "\n" + describe(r));
      }
      invalid += r.exitCode() == 2 ? 1 : 0;
    }
    assertEquals(List.of(), failures, () -> failures.size() + " of 400 inputs broke the contract");
    assertTrue(invalid >= 100, "most mutations should be invalid, only " + invalid + " were");
    assertEquals(List.of(), Launcher.entriesUnder(root), "plan must write nothing under --root");
  }

  /** What is wrong with a run on a mutated config, or null. */
  private static String problem(Launcher.Result r, Path config) {
    if (secretIn(r.stderr())) {
      return "a secret is in stderr";
    }
    if (r.exitCode() == 0) {
      return null;
    }
    if (r.exitCode() != 2) {
      return "exit code " + r.exitCode();
    }
    List<String> errors =
        r.stderrLines().stream()
            .filter(l -> !l.startsWith("WARN ") && !l.startsWith("INFO "))
            .toList();
    if (errors.equals(List.of(NO_ROLE))) {
      return r.stdout().isEmpty() ? null : "stdout is not empty";
    }
    if (errors.size() != 1 || !errors.get(0).startsWith("rancherd: invalid config: ")) {
      return "not one invalid-config line";
    }
    Matcher m = ERROR_AT.matcher(errors.get(0));
    if (!errors.get(0).contains(config + ":") || !m.find() || Integer.parseInt(m.group(1)) < 1) {
      return "the line does not name file:line";
    }
    return r.stdout().isEmpty() ? null : "stdout is not empty";
  }

  /** The one error line of an exit-2 run, checked for the contract's form and for secrets. */
  private static String invalidConfigLine(Launcher.Result r, Path config) {
    assertEquals(2, r.exitCode(), () -> describe(r));
    assertTrue(
        !secretIn(r.stderr()) && !secretIn(r.stdout()), () -> "a secret leaked\n" + describe(r));
    List<String> lines = r.stderrLines().stream().filter(l -> !l.startsWith("INFO ")).toList();
    assertEquals(1, lines.size(), () -> "one line on stderr\n" + describe(r));
    assertTrue(
        lines.get(0).startsWith("rancherd: invalid config: " + config + ":"),
        () -> "an invalid-config line naming the file\n" + describe(r));
    return lines.get(0);
  }

  private static int lineNamed(String line, Path config, Launcher.Result r) {
    Matcher m = Pattern.compile(Pattern.quote(config.toString()) + ":(\\d+): ").matcher(line);
    if (!m.find()) {
      fail("the error should name file:line\n" + describe(r));
    }
    int at = Integer.parseInt(m.group(1));
    assertTrue(at >= 1, () -> "a line number from 1\n" + describe(r));
    return at;
  }

  private static boolean secretIn(String text) {
    return ConfigCorpus.SECRETS.stream().anyMatch(text::contains);
  }

  /** The run for a failure message, secrets masked and long output cut. */
  private static String describe(Launcher.Result r) {
    String text = r.describe(ConfigCorpus.SECRETS.toArray(String[]::new));
    return text.length() > 3000 ? text.substring(0, 3000) + "..." : text;
  }

  private static Path write(Path file, byte[] bytes) {
    try {
      return Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
