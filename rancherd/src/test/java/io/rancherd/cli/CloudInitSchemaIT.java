package io.rancherd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every shipped example and the user-data of {@code get-token --join-config} pass the installed
 * cloud-init's {@code cloud-init schema --config-file}, and hold only top-level keys of
 * cloud-init's own schema (the schema JSON the cloud-init package ships): since cloud-init 23.4 the
 * schema forbids other top-level keys, which older versions such as Debian 12's 22.4.2 still
 * accept.
 */
@Isolated // get-token runs in this JVM, which takes its standard streams
class CloudInitSchemaIT {

  private static Path cloudInit;
  private static Set<String> schemaKeys;

  @BeforeAll
  static void findCloudInit() throws Exception {
    cloudInit =
        Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
            .filter(dir -> !dir.isEmpty())
            .map(dir -> Path.of(dir, "cloud-init"))
            .filter(Files::isExecutable)
            .findFirst()
            .orElse(null);
    if (cloudInit == null) {
      String message = "cloud-init is not installed (Debian package cloud-init)";
      if (Boolean.getBoolean("rancherd.requireTools")
          || "true".equals(System.getenv("RANCHERD_REQUIRE_TOOLS"))) {
        fail(message + " and the tools are required (RANCHERD_REQUIRE_TOOLS)");
      }
      Assumptions.abort(message + "; skipped (set RANCHERD_REQUIRE_TOOLS=true to fail instead)");
    }
    schemaKeys = topLevelKeys(new ObjectMapper().readTree(schemaFile().toFile()));
    assertTrue(
        schemaKeys.containsAll(List.of("write_files", "runcmd")),
        "cloud-init's schema lacks write_files or runcmd: " + schemaKeys);
  }

  static Stream<Path> examples() throws IOException {
    try (Stream<Path> files = Files.list(Launcher.examples())) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void example_passesCloudInitSchema(Path example) throws Exception {
    assertSchemaClean(example);
  }

  @Test
  void joinConfig_passesCloudInitSchema(@TempDir Path root, @TempDir Path out) throws Exception {
    put(root.resolve("var/lib/rancher/k3s/server/token"), "K10abc::server:pw\n");
    put(
        root.resolve("etc/rancher/rancherd/config.yaml"),
        """
        role: cluster-init
        kubernetesVersion: v1.30.2+k3s1
        airgapArtifactsDir: /opt/rancherd/airgap
        systemDefaultRegistry: registry.example.com:5000
        registries:
          mirrors:
            docker.io:
              endpoint: [https://registry.example.com:5000]
        """);
    put(root.resolve("etc/default/rancherd"), "HTTPS_PROXY=http://proxy.example.com:3128\n");

    Launcher.Result r =
        InProcess.run(root, "get-token", "--join-config", "--server", "https://10.0.0.1:6443");

    assertEquals(0, r.exitCode(), () -> r.describe("pw"));
    assertSchemaClean(Launcher.write(out.resolve("user-data"), r.stdout()));
  }

  private static void put(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Launcher.write(file, text);
  }

  private static void assertSchemaClean(Path userData) throws Exception {
    Process process =
        new ProcessBuilder(cloudInit.toString(), "schema", "--config-file", userData.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "cloud-init schema did not end");
    assertEquals(0, process.exitValue(), "cloud-init schema --config-file " + userData + output);

    Object doc = Launcher.parseYaml(Files.readString(userData));
    assertTrue(doc instanceof Map<?, ?>, userData + " is not a YAML map");
    Set<String> unknown = new TreeSet<>();
    ((Map<?, ?>) doc).keySet().forEach(key -> unknown.add(String.valueOf(key)));
    unknown.removeAll(schemaKeys);
    assertEquals(
        Set.of(), unknown, userData + ": top-level keys that cloud-init's schema does not define");
  }

  /** schema-cloud-config-v1.json of the Python package that the cloud-init command runs. */
  private static Path schemaFile() throws Exception {
    String shebang = Files.readAllLines(cloudInit).get(0);
    String python = shebang.startsWith("#!") ? shebang.substring(2).trim() : "python3";
    Process process =
        new ProcessBuilder(
                python.split("\\s+")[0],
                "-c",
                "import cloudinit, os; print(os.path.dirname(cloudinit.__file__))")
            .start();
    String dir = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertEquals(0, process.waitFor(), "finding the cloudinit Python package with " + python);
    Path schema = Path.of(dir, "config", "schemas", "schema-cloud-config-v1.json");
    assertTrue(Files.isRegularFile(schema), "no cloud-config schema at " + schema);
    return schema;
  }

  /**
   * The top-level keys the schema defines: its own {@code properties} (cloud-init 23.4 and later,
   * with {@code additionalProperties: false}) and those of the module definitions it combines.
   */
  static Set<String> topLevelKeys(JsonNode schema) {
    Set<String> keys = new TreeSet<>();
    collect(schema, schema, keys, 0);
    return keys;
  }

  private static void collect(JsonNode root, JsonNode node, Set<String> keys, int depth) {
    if (depth > 8 || node == null) {
      return;
    }
    if (node.has("$ref")) {
      String ref = node.get("$ref").asText();
      if (ref.startsWith("#/$defs/")) {
        collect(root, root.path("$defs").get(ref.substring(8)), keys, depth + 1);
      }
    }
    node.path("properties").fieldNames().forEachRemaining(keys::add);
    for (String combinator : List.of("allOf", "anyOf", "oneOf")) {
      node.path(combinator).forEach(part -> collect(root, part, keys, depth + 1));
    }
  }
}
