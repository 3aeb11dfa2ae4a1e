package io.rancherd.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bootstrap benchmark: a cluster-init k3s node on the stand-in, bootstrapped with every rancherd
 * step as a process ({@code -Drancherd.steps.in-process=false}) and with rancherd's own steps in
 * the bootstrap's JVM, in alternating pairs so both see the same machine load. Prints, per mode,
 * the median wall time, the time before the first step (the bootstrap's own start-up and
 * preparation), and each step's duration from the journal.
 *
 * <pre>bench/bootstrap.sh [--runs 5]</pre>
 */
public final class BootstrapBenchmark {

  private static final List<String> MODES = List.of("process", "in-process");

  private BootstrapBenchmark() {}

  public static void main(String[] args) throws IOException {
    int runs = args.length == 2 && args[0].equals("--runs") ? Integer.parseInt(args[1]) : 5;
    Map<String, List<Map<String, Long>>> results = new LinkedHashMap<>();
    MODES.forEach(mode -> results.put(mode, new ArrayList<>()));
    for (int run = 0; run < runs; run++) {
      List<String> order = run % 2 == 0 ? MODES : List.of(MODES.get(1), MODES.get(0));
      for (String mode : order) {
        Map<String, Long> figures = once(mode.equals("in-process"));
        results.get(mode).add(figures);
        System.out.printf("run %d %-10s %s%n", run + 1, mode, figures);
      }
    }
    System.out.printf("%nmedians of %d runs (ms)%n", runs);
    List<String> rows = new ArrayList<>(results.get("process").get(0).keySet());
    System.out.printf("%-18s %10s %10s%n", "", MODES.get(0), MODES.get(1));
    for (String row : rows) {
      System.out.printf(
          "%-18s %10d %10d%n",
          row, median(results.get("process"), row), median(results.get("in-process"), row));
    }
  }

  /** The time of the bootstrap's last log line (they start with an ISO-8601 UTC time). */
  private static Instant lastLogLine(Launcher.Result result) {
    Instant last = Instant.EPOCH;
    for (String line : result.stderr().split("\n")) {
      int space = line.indexOf(' ');
      if (space > 0 && line.charAt(space - 1) == 'Z') {
        try {
          last = Instant.parse(line.substring(0, space));
        } catch (java.time.format.DateTimeParseException notATime) {
          // a continuation line
        }
      }
    }
    return last;
  }

  private static long median(List<Map<String, Long>> figures, String row) {
    List<Long> values = figures.stream().map(f -> f.getOrDefault(row, 0L)).sorted().toList();
    return values.get(values.size() / 2);
  }

  private static Map<String, Long> once(boolean inProcess) throws IOException {
    Path dir = Files.createTempDirectory("rancherd-bench-");
    StandInNode node =
        StandInNode.clusterInit(
            Files.createDirectories(dir.resolve("root")),
            Files.createDirectories(dir.resolve("config")),
            "k3s",
            "resources:\n  - {apiVersion: v1, kind: ConfigMap, metadata: {name: a, namespace: default}}\n");
    node.env.put("RANCHERD_JAVA_OPTS", "-Drancherd.steps.in-process=" + inProcess);
    try {
      Instant start = Instant.now();
      long t0 = System.nanoTime();
      Launcher.Result result = node.bootstrap();
      long wall = (System.nanoTime() - t0) / 1_000_000;
      if (result.exitCode() != 0) {
        throw new IllegalStateException("bootstrap failed:\n" + result.describe(node.token));
      }
      Map<String, Long> figures = new LinkedHashMap<>();
      figures.put("wall", wall);
      Instant first = null;
      Instant last = null;
      long inSteps = 0;
      Map<String, Long> steps = new LinkedHashMap<>();
      for (JsonNode step :
          Launcher.JSON.readTree(Files.readAllBytes(node.data("plan/journal.json")))) {
        Instant began = Instant.parse(step.get("startedAt").asText());
        Instant ended = Instant.parse(step.get("finishedAt").asText());
        first = first == null ? began : first;
        last = ended;
        long ms = Duration.between(began, ended).toMillis();
        inSteps += ms;
        steps.put(step.get("name").asText(), ms);
      }
      figures.put("before-first-step", Duration.between(start, first).toMillis());
      figures.put("in-steps", inSteps);
      figures.put("after-last-step", wall - Duration.between(start, last).toMillis());
      figures.put(
          "after-last-log-line", wall - Duration.between(start, lastLogLine(result)).toMillis());
      figures.putAll(steps);
      return figures;
    } finally {
      node.stop();
    }
  }
}
