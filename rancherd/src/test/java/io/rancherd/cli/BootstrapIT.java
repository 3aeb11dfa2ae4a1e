package io.rancherd.cli;

import static java.util.stream.Collectors.joining;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rancherd bootstrap} under a temporary --root, stopped at once by a failing first
 * instruction (--once): it has written the plan, the journal and the working stamp (0600), keeps a
 * generated token private, never prints the token, and writes no bootstrapped stamp.
 */
class BootstrapIT {

  private static final String TOKEN = "s3cr3t-token-value-for-it";
  private static final String DATA = "var/lib/rancher/rancherd";
  private static final String WORKING = DATA + "/working";
  private static final String PLAN = DATA + "/plan/plan.json";
  private static final String TOKEN_FILE = DATA + "/token";
  private static final String JOURNAL = DATA + "/plan/journal.json";
  private static final String PRIVATE = "rw-------";

  /**
   * A first instruction that fails, so that the run stops before anything is installed, offline.
   */
  private static final String STOP =
      "\n  preInstructions:\n    - {name: stop-here, command: /bin/sh, args: [-c, 'exit 3']}\n";

  private static String stepState(com.fasterxml.jackson.databind.JsonNode doc, String name) {
    for (com.fasterxml.jackson.databind.JsonNode step : doc.path("steps")) {
      if (step.path("name").asText().equals(name)) {
        return step.path("state").asText();
      }
    }
    return "absent";
  }

  private static Launcher.Result bootstrap(Path root, Path config) {
    return Launcher.run(
        root, "bootstrap", "--once", "--step-attempts", "1", "--config", config.toString());
  }

  private static Path stopping(Path dir, String example, String extra) {
    String text = Launcher.readString(Launcher.examples().resolve(example));
    String content = "\n    content: |\n";
    assertTrue(text.contains(content), example + " writes no config file content");
    String added =
        (extra + STOP.substring(1)).lines().map(l -> "    " + l + "\n").collect(joining());
    return Launcher.write(dir.resolve("node.yaml"), text.replace(content, content + added));
  }

  @Test
  void bootstrap_writesOnlyPrivateStampAndPlanAndNeverPrintsTheToken(
      @TempDir Path root, @TempDir Path configDir) {
    Path config = stopping(configDir, "single-node.yaml", "  token: \"" + TOKEN + "\"\n");
    assertEquals(
        TOKEN, Launcher.configuredToken(config).orElse(null), "the test config sets the token");

    Launcher.Result r = bootstrap(root, config);

    assertEquals(1, r.exitCode(), () -> r.describe(TOKEN));
    assertFalse(r.stdout().contains(TOKEN), "token found in stdout");
    assertFalse(r.stderr().contains(TOKEN), "token found in stderr");
    List<String> lines = r.stderrLines();
    String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    assertEquals("rancherd: running step stop-here: exit status 3", last, () -> r.describe(TOKEN));

    assertEquals(
        List.of(
            "etc/rancher/k3s/config.yaml.d/40-rancherd.yaml",
            DATA + "/bootstrap.lock",
            JOURNAL,
            PLAN,
            DATA + "/rancher/values.yaml",
            WORKING),
        Launcher.filesUnder(root),
        "files written under --root");
    assertEquals(PRIVATE, Launcher.mode(root.resolve(WORKING)), "mode of the working stamp");
    assertEquals(PRIVATE, Launcher.mode(root.resolve(JOURNAL)), "mode of the journal");
    assertEquals(PRIVATE, Launcher.mode(root.resolve(PLAN)), "mode of plan.json");
    assertEquals("rwx------", Launcher.mode(root.resolve(DATA)), "mode of the data dir");
    assertEquals("rwx------", Launcher.mode(root.resolve(DATA + "/plan")), "mode of the plan dir");

    assertFalse(
        Launcher.readString(root.resolve(WORKING)).contains(TOKEN),
        "token found in the working stamp");
    String planText = Launcher.readString(root.resolve(PLAN));
    assertFalse(planText.contains(TOKEN), "token found in plain text in plan.json");
    assertEquals(
        List.of("etc/rancher/k3s/config.yaml.d/40-rancherd.yaml"),
        Launcher.filesContaining(root, TOKEN),
        "files under --root holding the token in plain text: only the runtime's config drop-in");

    // The real plan carries the real token, base64-encoded in the runtime config drop-in.
    JsonNode plan = Launcher.parseJson(planText);
    String runtimeConfig =
        Launcher.runtimeConfig(plan).orElseGet(() -> fail("plan.json has no runtime config"));
    assertTrue(
        Launcher.parseYaml(runtimeConfig) instanceof Map<?, ?> m && TOKEN.equals(m.get("token")),
        "the runtime config in plan.json does not carry the configured token");
    Launcher.decodedFiles(plan)
        .forEach(
            (path, text) -> {
              if (!text.equals(runtimeConfig)) {
                assertFalse(text.contains(TOKEN), "token found in plan file " + path);
              }
            });
    assertFalse(
        root.resolve(TOKEN_FILE).toFile().exists(),
        "a configured token must not be kept in the data dir");

    Launcher.Result status = Launcher.run(root, "status");
    assertEquals(1, status.exitCode(), "the attempt failed and nothing runs: " + status.describe());
    assertTrue(
        status.stdout().contains("state:        failed")
            && status.stdout().contains("bootstrapped: no")
            && status.stdout().contains("working:      yes"),
        status::describe);
    Launcher.Result waited = Launcher.run(root, "status", "--wait", "--output", "json");
    assertEquals(1, waited.exitCode(), "--wait returns at once for a node that gave up");
    com.fasterxml.jackson.databind.JsonNode doc = Launcher.parseJson(waited.stdout());
    assertEquals(1, doc.path("schema").asInt());
    assertEquals("failed", doc.path("state").asText(), waited.stdout());
    assertEquals(1, doc.path("exitCode").asInt());
    assertEquals("running step stop-here: exit status 3", doc.path("lastError").asText());
    assertEquals("failed", stepState(doc, "stop-here"), waited.stdout());
    assertFalse(waited.stdout().contains(TOKEN), "no token in the JSON");
  }

  @Test
  void bootstrap_keepsAGeneratedTokenPrivateAndReusesItOnReRun(
      @TempDir Path root, @TempDir Path configDir) {
    Path config = stopping(configDir, "single-node.yaml", "");
    assertFalse(
        Launcher.configuredToken(config).isPresent(), "single-node.yaml should not set a token");

    Launcher.Result first = bootstrap(root, config);
    assertTrue(
        Launcher.filesUnder(root).containsAll(List.of(PLAN, TOKEN_FILE, WORKING)),
        "files written under --root");
    byte[] kept = Launcher.read(root.resolve(TOKEN_FILE));
    String token = Launcher.readString(root.resolve(TOKEN_FILE)).trim();
    assertEquals(1, first.exitCode(), () -> first.describe(token));
    assertTrue(
        token.length() >= 32,
        "the generated token is too short: " + token.length() + " characters");
    assertEquals(PRIVATE, Launcher.mode(root.resolve(TOKEN_FILE)), "mode of the token file");
    assertEquals(PRIVATE, Launcher.mode(root.resolve(PLAN)), "mode of plan.json");
    assertEquals(PRIVATE, Launcher.mode(root.resolve(WORKING)), "mode of the working stamp");
    assertSecretStaysOut(first, root, token);

    Launcher.Result second = bootstrap(root, config);
    assertEquals(1, second.exitCode(), () -> second.describe(token));
    assertArrayEquals(
        kept, Launcher.read(root.resolve(TOKEN_FILE)), "the re-run changed the kept token");
    assertEquals(
        PRIVATE,
        Launcher.mode(root.resolve(TOKEN_FILE)),
        "mode of the token file after the re-run");
    assertFalse(
        Launcher.filesUnder(root).contains(DATA + "/bootstrapped"),
        "no bootstrapped stamp after a failed run");
    assertSecretStaysOut(second, root, token);
  }

  /** The generated token is only in the token file and (base64) in plan.json, never printed. */
  private static void assertSecretStaysOut(Launcher.Result r, Path root, String token) {
    assertFalse(r.stdout().contains(token), "generated token found in stdout");
    assertFalse(r.stderr().contains(token), "generated token found in stderr");
    assertFalse(
        Launcher.readString(root.resolve(WORKING)).contains(token),
        "generated token found in the working stamp");
    assertEquals(
        List.of("etc/rancher/k3s/config.yaml.d/40-rancherd.yaml", TOKEN_FILE),
        Launcher.filesContaining(root, token),
        "files under --root holding the generated token in plain text: the runtime's drop-in and the kept token");
    JsonNode plan = Launcher.parseJson(Launcher.readString(root.resolve(PLAN)));
    String runtimeConfig =
        Launcher.runtimeConfig(plan).orElseGet(() -> fail("plan.json has no runtime config"));
    assertTrue(
        Launcher.parseYaml(runtimeConfig) instanceof Map<?, ?> m && token.equals(m.get("token")),
        "the runtime config in plan.json does not carry the kept token");
  }
}
