package io.rancherd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Invalid configuration: exit 2, one error line naming the file, line and key, and nothing written
 * under --root, for both plan and bootstrap.
 */
@Isolated // runs rancherd in this JVM, which takes its standard streams
class InvalidInputTest {

  /** A broken config: its text, the line and key the error must name, and what it must say. */
  record Case(String name, String yaml, int line, String key, String says) {
    @Override
    public String toString() {
      return name;
    }
  }

  static final List<Case> CASES =
      List.of(
          new Case(
              "malformed YAML",
              "rancherd:\n  role: server\n   bad: [\n",
              3,
              null,
              "not valid YAML"),
          new Case(
              "wrong type",
              "rancherd:\n  role: server\n  token: \"shared-secret\"\n"
                  + "  discovery: {expectedServers: \"three\"}\n",
              4,
              "discovery.expectedServers",
              "expected an integer"),
          new Case("unknown role", "rancherd:\n  role: boss\n", 2, "role", "unknown role 'boss'"),
          new Case(
              "http server URL",
              "rancherd:\n  role: agent\n  token: \"shared-secret\"\n"
                  + "  server: http://server1:8443\n",
              4,
              "server",
              "https"),
          new Case(
              "join without token",
              "rancherd:\n  role: agent\n  server: https://server1:8443\n",
              2,
              "token",
              "needs token"),
          new Case(
              "server-only key for a k3s agent",
              "rancherd:\n  role: agent\n  token: \"shared-secret\"\n"
                  + "  server: https://server1:8443\n  extraConfig:\n    disable: [traefik]\n",
              5,
              "extraConfig.disable",
              "disable is not a flag of k3s agent"),
          new Case(
              "label without value",
              "#cloud-config\nhostname: node1\nrancherd:\n  role: cluster-init\n"
                  + "  labels: [nolabel]\n",
              5,
              "labels[0]",
              "key=value"),
          new Case(
              "taint with a bad effect",
              "rancherd:\n  role: cluster-init\n  taints:\n    - a=b:Sometimes\n",
              4,
              "taints[0]",
              "effect"));

  static Stream<Arguments> casesForBothCommands() {
    return Stream.of("plan", "bootstrap")
        .flatMap(cmd -> CASES.stream().map(c -> Arguments.of(cmd, c)));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("casesForBothCommands")
  void invalidConfig_exits2WithOneLineNamingFileLineAndKey(
      String command, Case c, @TempDir Path root, @TempDir Path configDir) {
    Path config = Launcher.write(configDir.resolve("bad.yaml"), c.yaml());

    Launcher.Result r = InProcess.run(root, command, "--config", config.toString());

    assertEquals(2, r.exitCode(), r::describe);
    String line = singleErrorLine(r);
    String where = config + ":" + c.line() + ": ";
    assertTrue(
        line.contains(c.key() == null ? where : where + c.key() + ": "),
        () ->
            "the error line should name '"
                + where
                + (c.key() == null ? "" : c.key() + ": ")
                + "'\n"
                + r.describe());
    assertTrue(
        line.contains(c.says()),
        () -> "the error line should say '" + c.says() + "'\n" + r.describe());
    assertEquals("", r.stdout(), "nothing on stdout");
    assertEquals(List.of(), Launcher.entriesUnder(root), "nothing may be written under --root");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"plan", "bootstrap"})
  void missingConfigFile_exits2NamingThePath(
      String command, @TempDir Path root, @TempDir Path configDir) {
    Path missing = configDir.resolve("no-such-config.yaml");

    Launcher.Result r = InProcess.run(root, command, "--config", missing.toString());

    assertEquals(2, r.exitCode(), r::describe);
    assertTrue(
        singleErrorLine(r).contains(missing.toString()),
        () -> "the error should name the path\n" + r.describe());
    assertEquals(List.of(), Launcher.entriesUnder(root), "nothing may be written under --root");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"plan", "bootstrap"})
  void tokenOfWrongType_exits2WithoutPrintingTheValue(
      String command, @TempDir Path root, @TempDir Path configDir) {
    Path config =
        Launcher.write(
            configDir.resolve("bad.yaml"), "rancherd:\n  role: cluster-init\n  token: 12345\n");

    Launcher.Result r = InProcess.run(root, command, "--config", config.toString());

    // The temp dir names hold random digits: look for the value only outside the path.
    String stderr = r.stderr().replace(config.toString(), "<config>");
    String stdout = r.stdout().replace(config.toString(), "<config>");
    assertEquals(2, r.exitCode(), () -> r.describe("12345"));
    assertFalse(stderr.contains("12345"), "token found in stderr");
    assertFalse(stdout.contains("12345"), "token found in stdout");
    String line = singleErrorLine(r, "12345");
    assertTrue(
        line.contains(config + ":3: token: "),
        () -> "the error should name file:3 and token\n" + r.describe("12345"));
    assertEquals(List.of(), Launcher.entriesUnder(root), "nothing may be written under --root");
  }

  @Test
  void unknownKey_isAWarningWithASuggestion(@TempDir Path root, @TempDir Path configDir) {
    Path config =
        Launcher.write(
            configDir.resolve("typo.yaml"),
            "rancherd:\n  role: cluster-init\n  tlsSan: [a]\n  kubernetesVersion: v1.30.2+k3s1\n");

    Launcher.Result r = InProcess.run(root, "plan", "--config", config.toString());

    assertEquals(0, r.exitCode(), r::describe);
    assertTrue(
        r.stderrLines().stream()
            .anyMatch(
                l ->
                    l.startsWith("WARN")
                        && l.contains(config + ":3")
                        && l.contains("did you mean 'tlsSans'")),
        () ->
            "expected a WARN line naming " + config + ":3 and suggesting tlsSans\n" + r.describe());
    assertEquals(List.of(), Launcher.entriesUnder(root), "plan must write nothing under --root");
  }

  /** The one error line of stderr: stderr has exactly one non-blank line that is not a log line. */
  private static String singleErrorLine(Launcher.Result r, String... secrets) {
    List<String> lines = r.stderrLines();
    assertEquals(
        1, lines.size(), () -> "stderr should hold exactly one line\n" + r.describe(secrets));
    String line = lines.get(0);
    assertFalse(
        line.startsWith("WARN") || line.startsWith("INFO"),
        () -> "not an error line\n" + r.describe(secrets));
    assertTrue(
        line.startsWith("rancherd: "),
        () -> "the error line should start with 'rancherd: '\n" + r.describe(secrets));
    return line;
  }
}
