package io.rancherd.bootstrap;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rancherd.config.LoadedConfig;
import io.rancherd.plan.model.PlanJson;
import io.rancherd.state.NodeState;
import io.rancherd.testing.TestRoot;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreparedPlanTest {

  @TempDir Path tmp;

  @Test
  void redacted_hidesTokensGivenThroughExtraConfigToo() throws Exception {
    TestRoot machine = new TestRoot(tmp);
    Path config =
        machine.write(
            "/work/c.yaml",
            "role: cluster-init\ntoken: main-secret-value\nextraConfig:\n  agent-token: agent-secret-value\n");
    Settings settings =
        new Settings(
            machine.root(), NodeState.DEFAULT_DATA_DIR, Optional.of(config), "/usr/bin/rancherd");
    PlanPreparer preparer = new PlanPreparer(settings, SecureRandom::new);
    LoadedConfig loaded = preparer.load();

    PreparedPlan prepared = preparer.prepare(loaded, PlanPreparer.decide(loaded), false);

    String shown = PlanJson.pretty(prepared.redacted());
    String dropIn = prepared.redacted().files().get(0).text();
    assertFalse(shown.contains("main-secret-value") || dropIn.contains("main-secret-value"));
    assertFalse(shown.contains("agent-secret-value") || dropIn.contains("agent-secret-value"));
    assertTrue(dropIn.contains("agent-token: --redacted--"), dropIn);
    assertTrue(
        prepared.plan().files().get(0).text().contains("agent-secret-value"),
        "the real plan keeps it");
  }

  private PreparedPlan prepare(String yaml) throws Exception {
    TestRoot machine = new TestRoot(tmp);
    Path config = machine.write("/work/c.yaml", yaml);
    Settings settings =
        new Settings(
            machine.root(), NodeState.DEFAULT_DATA_DIR, Optional.of(config), "/usr/bin/rancherd");
    PlanPreparer preparer = new PlanPreparer(settings, SecureRandom::new);
    LoadedConfig loaded = preparer.load();
    return preparer.prepare(loaded, PlanPreparer.decide(loaded), false);
  }

  @SuppressWarnings("unchecked")
  private static java.util.Map<String, Object> dropIn(io.rancherd.plan.model.Plan plan) {
    return (java.util.Map<String, Object>)
        new org.yaml.snakeyaml.Yaml().load(plan.files().get(0).text());
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {"'quoted'start-s3cr3t", "tab\tinside-s3cr3t", "true", "k3s", "colon: s3cr3t"})
  void redacted_hidesTokensHoweverYamlQuotesThemAndChangesNothingElse(String token)
      throws Exception {
    String yamlToken =
        "\"" + token.replace("\\", "\\\\").replace("\"", "\\\"").replace("\t", "\\t") + "\"";
    PreparedPlan prepared =
        prepare(
            "role: cluster-init\ntoken: "
                + yamlToken
                + "\npostInstructions:\n- {name: show, command: /bin/echo, args: ["
                + yamlToken
                + "]}\n");

    java.util.Map<String, Object> shown = dropIn(prepared.redacted());
    java.util.Map<String, Object> real = dropIn(prepared.plan());
    assertTrue("--redacted--".equals(shown.get("token")), "token redacted");
    assertTrue(token.equals(real.get("token")), "the real plan keeps the token");
    shown.remove("token");
    real.remove("token");
    assertTrue(shown.equals(real), "nothing else in the runtime config changes");
    assertTrue(
        prepared
            .redacted()
            .instructions()
            .get(0)
            .env()
            .equals(prepared.plan().instructions().get(0).env()),
        "built-in instructions are untouched");
    java.util.List<io.rancherd.plan.model.PlanInstruction> shownInstructions =
        prepared.redacted().instructions();
    assertTrue(
        java.util.List.of("--redacted--")
            .equals(shownInstructions.get(shownInstructions.size() - 1).args()),
        "a user instruction that holds the token is redacted");
  }
}
