package io.rancherd.cli;

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
 * {@code rancherd bootstrap} under a temporary --root: it writes the plan and the working stamp
 * (0600), keeps a generated token private, never prints the token, and stops (exit 1) because this
 * build cannot apply plans.
 */
class BootstrapIT {

  private static final String TOKEN = "s3cr3t-token-value-for-it";
  private static final String DATA = "var/lib/rancher/rancherd";
  private static final String WORKING = DATA + "/working";
  private static final String PLAN = DATA + "/plan/plan.json";
  private static final String TOKEN_FILE = DATA + "/token";
  private static final String PRIVATE = "rw-------";

  @Test
  void bootstrap_writesOnlyPrivateStampAndPlanAndNeverPrintsTheToken(@TempDir Path root, @TempDir Path configDir) {
    String example = Launcher.readString(Launcher.examples().resolve("single-node.yaml"));
    assertTrue(example.contains("\nrancherd:\n"), "single-node.yaml has no rancherd: section");
    Path config = Launcher.write(configDir.resolve("single-node-with-token.yaml"),
        example.replace("\nrancherd:\n", "\nrancherd:\n  token: \"" + TOKEN + "\"\n"));
    assertEquals(TOKEN, Launcher.configuredToken(config).orElse(null), "the test config sets the token");

    Launcher.Result r = Launcher.run(root, "bootstrap", "--config", config.toString());

    assertEquals(1, r.exitCode(), () -> r.describe(TOKEN));
    assertFalse(r.stdout().contains(TOKEN), "token found in stdout");
    assertFalse(r.stderr().contains(TOKEN), "token found in stderr");
    List<String> lines = r.stderrLines();
    String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    assertTrue(last.startsWith("rancherd: ") && last.contains("nothing was installed"),
        () -> "the last stderr line should say that nothing was installed\n" + r.describe(TOKEN));

    assertEquals(List.of(PLAN, WORKING), Launcher.filesUnder(root), "files written under --root");
    assertEquals(PRIVATE, Launcher.mode(root.resolve(WORKING)), "mode of the working stamp");
    assertEquals(PRIVATE, Launcher.mode(root.resolve(PLAN)), "mode of plan.json");
    assertEquals("rwx------", Launcher.mode(root.resolve(DATA)), "mode of the data dir");
    assertEquals("rwx------", Launcher.mode(root.resolve(DATA + "/plan")), "mode of the plan dir");

    assertFalse(Launcher.readString(root.resolve(WORKING)).contains(TOKEN), "token found in the working stamp");
    String planText = Launcher.readString(root.resolve(PLAN));
    assertFalse(planText.contains(TOKEN), "token found in plain text in plan.json");
    assertEquals(List.of(), Launcher.filesContaining(root, TOKEN), "token found in plain text in files under --root");

    // The real plan carries the real token, base64-encoded in the runtime config drop-in.
    JsonNode plan = Launcher.parseJson(planText);
    String runtimeConfig = Launcher.runtimeConfig(plan).orElseGet(() -> fail("plan.json has no runtime config"));
    assertTrue(Launcher.parseYaml(runtimeConfig) instanceof Map<?, ?> m && TOKEN.equals(m.get("token")),
        "the runtime config in plan.json does not carry the configured token");
    Launcher.decodedFiles(plan).forEach((path, text) -> {
      if (!text.equals(runtimeConfig)) {
        assertFalse(text.contains(TOKEN), "token found in plan file " + path);
      }
    });
    assertFalse(root.resolve(TOKEN_FILE).toFile().exists(), "a configured token must not be kept in the data dir");

    Launcher.Result status = Launcher.run(root, "status");
    assertEquals(0, status.exitCode(), status::describe);
    assertTrue(status.stdout().contains("bootstrapped: no") && status.stdout().contains("working:      yes"),
        status::describe);
  }

  @Test
  void bootstrap_keepsAGeneratedTokenPrivateAndReusesItOnReRun(@TempDir Path root) {
    Path config = Launcher.examples().resolve("single-node.yaml");
    assertFalse(Launcher.configuredToken(config).isPresent(), "single-node.yaml should not set a token");

    Launcher.Result first = Launcher.run(root, "bootstrap", "--config", config.toString());
    assertEquals(List.of(PLAN, TOKEN_FILE, WORKING), Launcher.filesUnder(root), "files written under --root");
    byte[] kept = Launcher.read(root.resolve(TOKEN_FILE));
    String token = Launcher.readString(root.resolve(TOKEN_FILE)).trim();
    assertEquals(1, first.exitCode(), () -> first.describe(token));
    assertTrue(token.length() >= 32, "the generated token is too short: " + token.length() + " characters");
    assertEquals(PRIVATE, Launcher.mode(root.resolve(TOKEN_FILE)), "mode of the token file");
    assertEquals(PRIVATE, Launcher.mode(root.resolve(PLAN)), "mode of plan.json");
    assertEquals(PRIVATE, Launcher.mode(root.resolve(WORKING)), "mode of the working stamp");
    assertSecretStaysOut(first, root, token);

    Launcher.Result second = Launcher.run(root, "bootstrap", "--config", config.toString());
    assertEquals(1, second.exitCode(), () -> second.describe(token));
    assertArrayEquals(kept, Launcher.read(root.resolve(TOKEN_FILE)), "the re-run changed the kept token");
    assertEquals(PRIVATE, Launcher.mode(root.resolve(TOKEN_FILE)), "mode of the token file after the re-run");
    assertEquals(List.of(PLAN, TOKEN_FILE, WORKING), Launcher.filesUnder(root), "files under --root after the re-run");
    assertSecretStaysOut(second, root, token);
  }

  /** The generated token is only in the token file and (base64) in plan.json, never printed. */
  private static void assertSecretStaysOut(Launcher.Result r, Path root, String token) {
    assertFalse(r.stdout().contains(token), "generated token found in stdout");
    assertFalse(r.stderr().contains(token), "generated token found in stderr");
    assertFalse(Launcher.readString(root.resolve(WORKING)).contains(token), "generated token found in the working stamp");
    assertEquals(List.of(TOKEN_FILE), Launcher.filesContaining(root, token),
        "files under --root holding the generated token in plain text");
    JsonNode plan = Launcher.parseJson(Launcher.readString(root.resolve(PLAN)));
    String runtimeConfig = Launcher.runtimeConfig(plan).orElseGet(() -> fail("plan.json has no runtime config"));
    assertTrue(Launcher.parseYaml(runtimeConfig) instanceof Map<?, ?> m && token.equals(m.get("token")),
        "the runtime config in plan.json does not carry the kept token");
  }
}
