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
 * preparation), each step's duration from the journal, and the CPU time of rancherd's own JVMs (the
 * bootstrap's and, with steps as processes, each step's: an upper bound of rancherd's own work,
 * waits excluded, as a JVM uses more than one core while it starts). With {@code --baseline DIST} a
 * third column bootstraps in-process with another build (such as main's), alternating.
 *
 * <pre>bench/bootstrap.sh [--runs 5] [--baseline DIST]</pre>
 */
public final class BootstrapBenchmark {

  private BootstrapBenchmark() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    int runs = 5;
    String baseline = null;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--runs" -> runs = Integer.parseInt(args[i + 1]);
        case "--baseline" -> baseline = Path.of(args[i + 1]).toAbsolutePath().toString();
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    String current = Launcher.dist().toString();
    List<String> modes = new ArrayList<>(List.of("process", "in-process"));
    if (baseline != null) {
      modes.add("baseline");
    }
    Map<String, List<Map<String, Long>>> results = new LinkedHashMap<>();
    modes.forEach(mode -> results.put(mode, new ArrayList<>()));
    for (int run = 0; run < runs; run++) {
      List<String> order = new ArrayList<>(modes);
      java.util.Collections.rotate(order, run);
      for (String mode : order) {
        System.setProperty("rancherd.dist", mode.equals("baseline") ? baseline : current);
        Map<String, Long> figures = once(!mode.equals("process"));
        results.get(mode).add(figures);
        System.out.printf("run %d %-10s %s (load %s)%n", run + 1, mode, figures, load());
      }
    }
    System.out.printf("%nmedians of %d runs (ms)%n", runs);
    List<String> rows = new ArrayList<>(results.get("process").get(0).keySet());
    System.out.printf("%-20s", "");
    modes.forEach(mode -> System.out.printf(" %10s", mode));
    System.out.println();
    for (String row : rows) {
      System.out.printf("%-20s", row);
      modes.forEach(mode -> System.out.printf(" %10d", median(results.get(mode), row)));
      System.out.println();
    }
    System.out.println("load average at the end: " + load());
  }

  private static String load() throws IOException {
    String[] avg = Files.readString(Path.of("/proc/loadavg")).split(" ");
    return avg[0] + " " + avg[1] + " " + avg[2];
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

  private static Map<String, Long> once(boolean inProcess)
      throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("rancherd-bench-");
    StandInNode node =
        StandInNode.clusterInit(
            Files.createDirectories(dir.resolve("root")),
            Files.createDirectories(dir.resolve("config")),
            "k3s",
            "resources:\n  - {apiVersion: v1, kind: ConfigMap, metadata: {name: a, namespace: default}}\n");
    node.env.put("RANCHERD_JAVA_OPTS", "-Drancherd.steps.in-process=" + inProcess);
    try {
      CpuWatch cpu = CpuWatch.start(node.root.toString());
      Instant start = Instant.now();
      long t0 = System.nanoTime();
      Launcher.Result result = node.bootstrap();
      long wall = (System.nanoTime() - t0) / 1_000_000;
      long rancherdCpu = cpu.stop();
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
      figures.put("rancherd-jvm-cpu", rancherdCpu);
      figures.putAll(steps);
      return figures;
    } finally {
      node.stop();
    }
  }

  /**
   * The CPU time (user and system) of rancherd's JVMs whose command line or environment names the
   * node's root: read from /proc every 10 ms while they run, so the last 10 ms of each may be
   * missed.
   */
  private static final class CpuWatch {
    private final Map<Long, Long> ticks = new java.util.concurrent.ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    private CpuWatch(String root) {
      thread =
          new Thread(
              () -> {
                while (running) {
                  ProcessHandle.allProcesses()
                      .filter(p -> p.info().command().orElse("").endsWith("/java"))
                      .filter(
                          p -> {
                            String args =
                                String.join(" ", p.info().arguments().orElse(new String[0]));
                            return args.contains("io.rancherd.Main")
                                && (args.contains(root) || environment(p.pid()).contains(root));
                          })
                      .forEach(p -> read(p.pid()));
                  try {
                    Thread.sleep(10);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "cpu-watch");
      thread.setDaemon(true);
    }

    static CpuWatch start(String root) {
      CpuWatch watch = new CpuWatch(root);
      watch.thread.start();
      return watch;
    }

    /** A step process gets the root in its environment (RANCHERD_ROOT), not its arguments. */
    private static String environment(long pid) {
      try {
        return Files.readString(Path.of("/proc/" + pid + "/environ"));
      } catch (IOException | RuntimeException gone) {
        return "";
      }
    }

    private void read(long pid) {
      try {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields 14 and 15 of stat (utime, stime), counted from the state (field 3) here
        ticks.put(pid, Long.parseLong(f[11]) + Long.parseLong(f[12]));
      } catch (IOException | RuntimeException gone) {
        // the process ended between the listing and the read
      }
    }

    /** Stops watching; the CPU time in ms (clock ticks of 10 ms). */
    long stop() throws InterruptedException {
      running = false;
      thread.join();
      return ticks.values().stream().mapToLong(Long::longValue).sum() * 10;
    }
  }
}
