package io.rancherd.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rancherd.config.LoadedConfig;
import io.rancherd.fs.Root;
import io.rancherd.plan.model.PlanJson;
import io.rancherd.role.RoleDecision;
import io.rancherd.state.NodeState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file in cloud-config-examples/ is a real cloud-config that loads and plans without
 * warnings.
 */
class ExamplesTest {

  static final Path EXAMPLES = Path.of("..", "cloud-config-examples");

  @TempDir Path tmp;

  static Stream<Path> examples() throws IOException {
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @Test
  void examples_includeTheDocumentedScenarios() throws IOException {
    List<String> names = examples().map(p -> p.getFileName().toString()).toList();

    assertTrue(
        names.containsAll(
            List.of(
                "single-node.yaml",
                "join-server.yaml",
                "join-agent.yaml",
                "three-servers-discovery.yaml",
                "rke2-single-node.yaml",
                "all-keys.yaml")),
        names.toString());
  }

  @ParameterizedTest
  @MethodSource("examples")
  void example_loadsAndBuildsItsPlan(Path example) throws Exception {
    assertTrue(
        Files.readString(example, StandardCharsets.UTF_8).startsWith("#cloud-config\n"),
        "a real cloud-config");
    Settings settings =
        new Settings(
            new Root(tmp), NodeState.DEFAULT_DATA_DIR, Optional.of(example), "/usr/bin/rancherd");
    PlanPreparer preparer = new PlanPreparer(settings, SecureRandom::new);

    LoadedConfig loaded = preparer.load();
    RoleDecision decision = PlanPreparer.decide(loaded);
    PreparedPlan prepared = preparer.prepare(loaded, decision, false);

    assertEquals(List.of(), loaded.warnings());
    assertFalse(prepared.plan().instructions().isEmpty());
    String shown = PlanJson.pretty(prepared.redacted());
    assertFalse(shown.contains(prepared.token().token().reveal()), "token redacted");
    try (Stream<Path> written = Files.walk(tmp)) {
      assertEquals(List.of(tmp), written.toList(), "planning writes nothing");
    }
  }
}
