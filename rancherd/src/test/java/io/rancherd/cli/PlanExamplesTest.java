package io.rancherd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code rancherd plan} on every shipped cloud-config example: valid JSON, no secret, nothing
 * written.
 */
@Isolated // runs rancherd in this JVM, which takes its standard streams
class PlanExamplesTest {

  private static final String REDACTED = "--redacted--";

  static Stream<Path> examples() throws IOException {
    try (Stream<Path> files = Files.list(Launcher.examples())) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(".yaml"))
          .sorted()
          .toList()
          .stream();
    }
  }

  @Test
  void examplesDir_holdsAtLeastSixExamplesAndSomeSetAToken() throws IOException {
    List<Path> all = examples().toList();
    assertTrue(
        all.size() >= 6,
        "expected at least 6 *.yaml examples in " + Launcher.examples() + ", found " + all);
    assertTrue(
        all.stream().anyMatch(p -> Launcher.configuredToken(p).isPresent()),
        "no example sets rancherd.token, so the secret checks would prove nothing: " + all);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void plan_printsValidJsonForEveryExample(Path example, @TempDir Path root) {
    Launcher.Result r =
        InProcess.exec(List.of("plan", "--root", root.toString(), "--config", example.toString()));
    String token = Launcher.configuredToken(example).orElse(null);

    assertEquals(0, r.exitCode(), () -> "plan failed for " + example + "\n" + r.describe(token));
    JsonNode plan = Launcher.parseJson(r.stdout());
    assertTrue(plan.isObject(), () -> "stdout is not a JSON object\n" + r.describe(token));
    Set<String> keys = new TreeSet<>();
    plan.fieldNames().forEachRemaining(keys::add);
    assertEquals(
        Set.of("files", "instructions", "probes"), keys, "top-level keys of the plan JSON");
    assertTrue(
        plan.get("files").isArray() && plan.get("files").size() >= 1, "files is a non-empty array");
    assertTrue(
        plan.get("instructions").isArray() && plan.get("instructions").size() >= 1,
        "instructions is a non-empty array");
    assertTrue(
        plan.get("probes").isObject() && plan.get("probes").size() >= 1,
        "probes is a non-empty object");
    assertTrue(
        r.stderr().contains("Plan checksum sha256:"),
        () -> "no plan checksum on stderr\n" + r.describe(token));
    assertEquals(List.of(), Launcher.entriesUnder(root), "plan must write nothing under --root");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void plan_neverRevealsTheTokenOfAnyExample(Path example, @TempDir Path root) {
    Launcher.Result r =
        InProcess.exec(List.of("plan", "--root", root.toString(), "--config", example.toString()));
    Optional<String> token = Launcher.configuredToken(example);
    assertEquals(
        0,
        r.exitCode(),
        () -> "plan failed for " + example + "\n" + r.describe(token.orElse(null)));

    JsonNode plan = Launcher.parseJson(r.stdout());
    Map<String, String> decoded = Launcher.decodedFiles(plan);
    if (token.isPresent()) {
      String secret = token.get();
      assertFalse(r.stdout().contains(secret), "token found in stdout of plan for " + example);
      assertFalse(r.stderr().contains(secret), "token found in stderr of plan for " + example);
      decoded.forEach(
          (path, text) ->
              assertFalse(
                  text.contains(secret),
                  "token found in the decoded content of plan file " + path + " for " + example));
      assertEquals(
          List.of(), Launcher.filesContaining(root, secret), "token found in files under --root");
    }
    assertEquals(List.of(), Launcher.entriesUnder(root), "plan must write nothing under --root");

    String runtimeConfig =
        Launcher.runtimeConfig(plan)
            .orElseGet(
                () -> fail("the plan has no runtime config drop-in; files: " + decoded.keySet()));
    assertTrue(
        runtimeConfig.lines().anyMatch(l -> l.equals("token: " + REDACTED)),
        "the decoded runtime config of " + example + " has no line 'token: " + REDACTED + "'");
    assertTrue(
        Launcher.parseYaml(runtimeConfig) instanceof Map<?, ?> m && REDACTED.equals(m.get("token")),
        "the token of the decoded runtime config of " + example + " is not " + REDACTED);
  }

  /**
   * Tokens whose YAML form differs from the raw value (quoted with escapes) or equals other text of
   * the runtime config. The plan must still show the token as --redacted-- and nothing else.
   */
  static Stream<Arguments> awkwardTokens() {
    return Stream.of(
        Arguments.of("single quotes that YAML doubles", "\"'quoted'start-s3cr3t\""),
        Arguments.of("a tab that YAML escapes", "\"tab\\tinside-s3cr3t\""),
        Arguments.of("a value equal to other config text", "\"true\""));
  }

  @ParameterizedTest(name = "token with {0}")
  @MethodSource("awkwardTokens")
  void plan_redactsTokensWhoseYamlFormDiffersFromTheRawValue(
      String what, String yamlToken, @TempDir Path root, @TempDir Path configDir) {
    Path config =
        Launcher.write(
            configDir.resolve("config.yaml"),
            "rancherd:\n  role: cluster-init\n  token: "
                + yamlToken
                + "\n  kubernetesVersion: v1.30.2+k3s1\n");
    String secret = Launcher.configuredToken(config).orElseThrow();

    Launcher.Result r = InProcess.run(root, "plan", "--config", config.toString());
    assertEquals(0, r.exitCode(), () -> r.describe(secret));
    JsonNode plan = Launcher.parseJson(r.stdout());
    String runtimeConfig =
        Launcher.runtimeConfig(plan).orElseGet(() -> fail("no runtime config in the plan"));
    Object parsed = Launcher.parseYaml(runtimeConfig);
    assertTrue(parsed instanceof Map<?, ?>, "the decoded runtime config is not a YAML map");
    Map<?, ?> keys = (Map<?, ?>) parsed;
    assertFalse(
        secret.equals(keys.get("token")),
        "token with " + what + " found in the decoded runtime config of the plan (not redacted)");
    assertTrue(
        REDACTED.equals(keys.get("token")),
        "the token of the decoded runtime config is not " + REDACTED);
    assertEquals(
        Boolean.TRUE,
        keys.get("cluster-init"),
        "redaction changed the cluster-init key of the runtime config");
    assertEquals(List.of(), Launcher.entriesUnder(root), "plan must write nothing under --root");
  }

  @Test
  void plan_redactsRancherBootstrapPasswordInTheValuesAndTheHelmChart(
      @TempDir Path root, @TempDir Path configDir) {
    String password = "bootstrap-pw-" + Long.toHexString(System.nanoTime());
    Path config =
        Launcher.write(
            configDir.resolve("config.yaml"),
            "rancherd:\n  role: cluster-init\n  kubernetesVersion: v1.30.2+k3s1\n"
                + "  rancherValues:\n    bootstrapPassword: \""
                + password
                + "\"\n");

    Launcher.Result r = InProcess.run(root, "plan", "--config", config.toString());

    assertEquals(0, r.exitCode(), () -> r.describe(password));
    assertFalse(r.stdout().contains(password), "bootstrapPassword in plan's output");
    assertFalse(r.stderr().contains(password), "bootstrapPassword in plan's log");
    Map<String, String> files = Launcher.decodedFiles(Launcher.parseJson(r.stdout()));
    assertTrue(
        files.values().stream().anyMatch(text -> text.contains("bootstrapPassword: " + REDACTED)),
        "the plan shows bootstrapPassword as " + REDACTED + " in the chart values");
  }
}
