package io.rancherd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The config loader's limits keep memory bounded. In a launcher JVM with a small heap, inputs past
 * a limit are refused with exit 2 instead of growing until the heap runs out (exit 1,
 * OutOfMemoryError): the 600-byte alias bomb of 40 aliases, which ran out of a 512 MB heap before
 * (it stands for 16 million values), and deep nesting in 32 MB; 100,001 values, a 2 MiB file and a
 * 300 KiB line in 64 MB. A file at all the limits at once still plans. No time is measured.
 */
class ConfigLimitsIT {

  private static final String HEAD = "rancherd:\n  role: cluster-init\n";

  @TempDir Path root;
  @TempDir Path configDir;

  static Stream<Arguments> pastALimit() {
    return Stream.of(
        Arguments.of(
            "alias bomb, 40 aliases",
            "-Xmx32m",
            ConfigCorpus.aliasBomb(HEAD, 40),
            "more than 100000 keys"),
        Arguments.of(
            "lists 100 deep",
            "-Xmx32m",
            HEAD + "  rancherValues: {x: " + "[".repeat(100) + "]".repeat(100) + "}\n",
            "nested deeper than 64 levels"),
        Arguments.of(
            "100,001 values",
            "-Xmx64m",
            HEAD + "  tlsSans:\n" + "  - a\n".repeat(100_001),
            "more than 100000"),
        Arguments.of(
            "a 2 MiB file",
            "-Xmx64m",
            HEAD
                + "  rancherValues:\n    x: |\n"
                + ("      " + "v".repeat(1000) + "\n").repeat(2100),
            "larger than 1048576 bytes"),
        Arguments.of(
            "a 300 KiB line",
            "-Xmx64m",
            HEAD + "  rancherValues: {x: " + "v".repeat(300 * 1024) + "}\n",
            "longer than 262144 characters"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pastALimit")
  void pastALimit_isRefusedInASmallHeap(String name, String heap, String yaml, String says) {
    Path config = Launcher.write(configDir.resolve("config.yaml"), yaml);

    Launcher.Result r =
        Launcher.run(
            root, Map.of("RANCHERD_JAVA_OPTS", heap), "plan", "--config", config.toString());

    assertEquals(2, r.exitCode(), r::describe);
    assertEquals(1, r.stderrLines().size(), r::describe);
    assertTrue(r.stderr().contains(config + ":") && r.stderr().contains(says), r::describe);
    assertEquals(List.of(), Launcher.entriesUnder(root), "nothing written under --root");
  }

  /**
   * Close to every limit at once: 99,948 keys and values in 1,004,013 bytes, a 200 KiB line and
   * value, maps and lists 63 levels deep. Reading it holds about 26 MB of SnakeYAML nodes and 11 MB
   * of rancherd's tree at once (it loads with -Xmx56m); the plan then writes the values into
   * values.yaml, in the plan and in its redacted twin: 80 MB.
   */
  @Test
  void aFileCloseToTheLimits_plans() {
    StringBuilder yaml = new StringBuilder(HEAD).append("  rancherValues:\n");
    yaml.append("    big: ").append("v".repeat(200 * 1024)).append("\n");
    yaml.append("    deep: ").append("[".repeat(60)).append("]".repeat(60)).append("\n");
    // 70 keys and values above, then 2 per entry
    for (int i = 0; i < 49_939; i++) {
      yaml.append(String.format("    k%05d: vvv\n", i));
    }
    Path config = Launcher.write(configDir.resolve("config.yaml"), yaml.toString());

    Launcher.Result r =
        Launcher.run(
            root, Map.of("RANCHERD_JAVA_OPTS", "-Xmx80m"), "plan", "--config", config.toString());

    assertEquals(0, r.exitCode(), () -> r.stderr());
    assertEquals(List.of(), Launcher.entriesUnder(root), "plan writes nothing");
  }
}
