package io.rancherd.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rancherd.config.LoadedConfig;
import io.rancherd.fs.Root;
import io.rancherd.plan.model.PlanJson;
import io.rancherd.plan.model.PlanJsonTest;
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
    PlanJsonTest.assertWrittenAsTheDataBindingWrites(prepared.plan());
    PlanJsonTest.assertWrittenAsTheDataBindingWrites(prepared.redacted());
    try (Stream<Path> written = Files.walk(tmp)) {
      assertEquals(List.of(tmp), written.toList(), "planning writes nothing");
    }
  }

  /**
   * On the node, cloud-init writes the recipe's config file and runcmd runs {@code rancherd
   * bootstrap} with no --config: that file alone gives the plan that --config on the recipe gives.
   */
  @ParameterizedTest
  @MethodSource("examples")
  void example_theConfigFileItWritesAloneGivesTheSamePlan(Path example, @TempDir Path node)
      throws Exception {
    String text = Files.readString(example, StandardCharsets.UTF_8);
    Object doc = new org.yaml.snakeyaml.Yaml().load(text);
    assertFalse(((java.util.Map<?, ?>) doc).containsKey("rancherd"), "no rancherd: key");
    String content =
        ((List<?>) ((java.util.Map<?, ?>) doc).get("write_files"))
            .stream()
                .map(java.util.Map.class::cast)
                .filter(f -> "/etc/rancher/rancherd/config.yaml".equals(f.get("path")))
                .map(f -> (String) f.get("content"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(example + " writes no rancherd config"));
    Path written = node.resolve("etc/rancher/rancherd/config.yaml");
    Files.createDirectories(written.getParent());
    Files.writeString(written, content, StandardCharsets.UTF_8);

    String fromFile = plan(new Root(node), Optional.empty());
    String fromRecipe = plan(new Root(tmp), Optional.of(example));

    assertEquals(fromRecipe, fromFile);
  }

  private static String plan(Root root, Optional<Path> config) throws Exception {
    Settings settings = new Settings(root, NodeState.DEFAULT_DATA_DIR, config, "/usr/bin/rancherd");
    PlanPreparer preparer = new PlanPreparer(settings, () -> new SecureRandom(new byte[] {1}));
    LoadedConfig loaded = preparer.load();
    assertEquals(List.of(), loaded.warnings());
    return PlanJson.pretty(preparer.prepare(loaded, PlanPreparer.decide(loaded), false).redacted());
  }
}
