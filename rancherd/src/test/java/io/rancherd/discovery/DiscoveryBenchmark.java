package io.rancherd.discovery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * How long discovery takes to decide with N servers started about at once, each a separate rancherd
 * process in its own network namespace ({@link NetnsBed}), over real multicast. Not a test: run it
 * with {@code bench/discovery.sh} (needs root and iproute2).
 *
 * <p>Per run: all N processes are started one after the other; the log of each is polled every 20
 * ms for three lines: its configuration loaded ({@code Role ...}), its join server and mDNS open
 * ({@code Discovering peers ...}) and its decision ({@code Discovery decided}). A run's figures:
 * from the start of the last process, and from the last node's configuration loaded, until the last
 * decision. JVM start-up is included in the first: on a machine with few cores, N JVMs starting
 * together dominate; the second is discovery's own time. A run also checks the outcome (exactly one
 * initializer, every other node joins it) and counts as failed otherwise, or when not every node
 * decided within the timeout. It also prints the CPU time a node (its launcher and JVM) used until
 * its decision (median over the nodes), which depends far less on the machine's load than the wall
 * times.
 *
 * <p>With {@code --baseline DIST} every run is paired with one of another distribution (such as
 * {@code main}'s build), the two alternating, and both are printed side by side. The machine's load
 * average is printed with every run.
 *
 * <p>Arguments: {@code [--nodes 3,5,10] [--runs 5] [--expected-servers 3] [--timeout-seconds 300]
 * [--baseline DIST] [--keep-logs DIR]} ({@code --expected-servers 0}: as many as nodes); the
 * distribution from {@code -Drancherd.dist} (default {@code rancherd/target/rancherd}).
 */
public final class DiscoveryBenchmark {

  private static final long POLL_MILLIS = 20;

  /** USER_HZ of /proc's CPU times: 100 on Linux for every architecture rancherd runs on. */
  private static final double CLOCK_TICKS = 100.0;

  /** What a node logs once its configuration is loaded and its role decided. */
  private static final String CONFIG_LOADED = "Role ";

  /** What a node logs once its join server and mDNS are up. */
  private static final String ANNOUNCED = "Discovering peers through";

  private DiscoveryBenchmark() {}

  /**
   * One run of one distribution: from the last start to the last decision, from the last
   * configuration loaded to the last decision, from the last start until every node announced
   * itself (ms), the load average when it ended, or why it failed.
   */
  private record Run(
      String variant,
      int nodes,
      int index,
      long millis,
      long fromConfigMillis,
      long announcedMillis,
      double cpuSeconds,
      String load,
      Optional<String> failure) {}

  public static void main(String[] args) throws Exception {
    List<Integer> counts = List.of(3, 5, 10);
    int runs = 5;
    int expected = 3;
    long timeoutSeconds = 300;
    Optional<Path> baseline = Optional.empty();
    Optional<Path> keepLogs = Optional.empty();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--nodes" ->
            counts =
                Arrays.stream(args[++i].split(","))
                    .map(String::trim)
                    .map(Integer::valueOf)
                    .toList();
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--expected-servers" -> expected = Integer.parseInt(args[++i]);
        case "--timeout-seconds" -> timeoutSeconds = Long.parseLong(args[++i]);
        case "--baseline" -> baseline = Optional.of(Path.of(args[++i]).toAbsolutePath());
        case "--keep-logs" -> keepLogs = Optional.of(Path.of(args[++i]).toAbsolutePath());
        default -> {
          System.err.println(
              "usage: DiscoveryBenchmark [--nodes 3,5,10] [--runs 5] [--expected-servers 3] "
                  + "[--timeout-seconds 300] [--baseline DIST] [--keep-logs DIR]");
          System.exit(2);
        }
      }
    }
    if (counts.stream().anyMatch(n -> n < 1 || n > 200)) {
      System.err.println("--nodes: 1 to 200 nodes per run");
      System.exit(2);
    }
    Optional<String> unusable = NetnsBed.unusable();
    if (unusable.isPresent()) {
      System.err.println("cannot run: " + unusable.get());
      System.exit(1);
    }
    if (System.getProperty("rancherd.dist") == null) {
      System.setProperty("rancherd.dist", "rancherd/target/rancherd");
    }
    Path current = Path.of(System.getProperty("rancherd.dist")).toAbsolutePath();
    List<Path> variants = new ArrayList<>(List.of(current));
    baseline.ifPresent(b -> variants.add(0, b));
    for (Path dist : variants) {
      System.setProperty("rancherd.dist", dist.toString());
      DiscoveryNode.launcher();
    }
    System.out.printf(
        Locale.ROOT,
        "discovery benchmark: %s nodes, %d runs each, expectedServers %s, %d cores, "
            + "this build %s%s%n",
        counts,
        runs,
        expected == 0 ? "= nodes" : expected,
        Runtime.getRuntime().availableProcessors(),
        current,
        baseline.map(b -> ", baseline " + b + " (alternating)").orElse(""));
    System.out.println(
        "start = from the start of the last node's process to the last \"Discovery decided\""
            + " line; config = from the last \"Role ...\" line (configuration loaded) to it");
    List<Run> all = new ArrayList<>();
    for (int n : counts) {
      for (int r = 1; r <= runs; r++) {
        for (Path dist : variants) {
          System.setProperty("rancherd.dist", dist.toString());
          String variant = dist.equals(current) ? "this build" : "baseline";
          String name = n + "nodes-run" + r + "-" + variant.replace(' ', '-');
          Run run =
              run(
                  variant,
                  n,
                  r,
                  expected == 0 ? n : Math.min(expected, n),
                  timeoutSeconds,
                  keepLogs.map(k -> k.resolve(name)));
          all.add(run);
          System.out.printf(
              Locale.ROOT,
              "  %2d nodes, run %d, %-10s: %s (load %s)%n",
              n,
              r,
              variant,
              run.failure().isPresent()
                  ? "FAILED: " + run.failure().get()
                  : "start "
                      + seconds(run.millis())
                      + ", config "
                      + seconds(run.fromConfigMillis())
                      + " (all announced "
                      + seconds(run.announcedMillis())
                      + " after the last start; CPU per node until its decision, median "
                      + String.format(Locale.ROOT, "%.2f s", run.cpuSeconds())
                      + ")",
              run.load());
        }
      }
    }
    System.out.println();
    System.out.println(
        "nodes  variant     runs ok  start: median  min      max      | config: median  min"
            + "      max      | announced: median | CPU/node: median");
    for (int n : counts) {
      for (Path dist : variants) {
        String variant = dist.equals(current) ? "this build" : "baseline";
        List<Run> of =
            all.stream().filter(r -> r.nodes() == n && r.variant().equals(variant)).toList();
        List<Run> ok = of.stream().filter(r -> r.failure().isEmpty()).toList();
        if (ok.isEmpty()) {
          System.out.printf(Locale.ROOT, "%5d  %-10s  0/%d     -%n", n, variant, of.size());
          continue;
        }
        List<Long> decided = ok.stream().map(Run::millis).sorted().toList();
        List<Long> fromConfig = ok.stream().map(Run::fromConfigMillis).sorted().toList();
        List<Long> announced = ok.stream().map(Run::announcedMillis).sorted().toList();
        List<Double> cpus = ok.stream().map(Run::cpuSeconds).sorted().toList();
        System.out.printf(
            Locale.ROOT,
            "%5d  %-10s  %d/%d      %-8s       %-8s %-8s |  %-8s       %-8s %-8s |  %-8s         |"
                + "  %.2f s%n",
            n,
            variant,
            ok.size(),
            of.size(),
            seconds(median(decided)),
            seconds(decided.get(0)),
            seconds(decided.get(decided.size() - 1)),
            seconds(median(fromConfig)),
            seconds(fromConfig.get(0)),
            seconds(fromConfig.get(fromConfig.size() - 1)),
            seconds(median(announced)),
            cpus.get(cpus.size() / 2));
      }
    }
    System.out.println("load average at the end: " + load());
  }

  private static Run run(
      String variant, int n, int index, int expected, long timeoutSeconds, Optional<Path> keepLogs)
      throws InterruptedException {
    Path dir;
    try {
      dir = Files.createTempDirectory("rdit-bench-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (NetnsBed bed = NetnsBed.open(n)) {
      List<DiscoveryNode> nodes =
          bed.hosts().stream()
              .map(h -> DiscoveryNode.prepare(bed, h, dir, "benchmark-shared-secret", expected))
              .toList();
      long lastStart = 0;
      for (DiscoveryNode node : nodes) {
        node.start();
        lastStart = System.nanoTime();
      }
      long[] configAt = new long[n];
      long[] announcedAt = new long[n];
      long[] decidedAt = new long[n];
      double[] cpu = new double[n];
      long deadline = lastStart + timeoutSeconds * 1_000_000_000L;
      int pending = n;
      while (pending > 0 && System.nanoTime() < deadline) {
        for (int i = 0; i < n; i++) {
          if (decidedAt[i] != 0) {
            continue;
          }
          String log = nodes.get(i).log();
          long now = System.nanoTime();
          if (configAt[i] == 0 && log.contains(CONFIG_LOADED)) {
            configAt[i] = now;
          }
          if (announcedAt[i] == 0 && log.contains(ANNOUNCED)) {
            announcedAt[i] = now;
          }
          if (log.contains(DiscoveryNode.DECIDED)) {
            decidedAt[i] = now;
            cpu[i] = nodes.get(i).process().map(DiscoveryBenchmark::cpuSeconds).orElse(-1.0);
            pending--;
          }
        }
        if (pending > 0) {
          Thread.sleep(POLL_MILLIS);
        }
      }
      keepLogs.ifPresent(k -> copyLogs(nodes, k));
      if (pending > 0) {
        return new Run(
            variant,
            n,
            index,
            -1,
            -1,
            -1,
            -1,
            load(),
            Optional.of(
                pending + " of " + n + " nodes did not decide within " + timeoutSeconds + " s"));
      }
      long configured = Arrays.stream(configAt).max().orElseThrow();
      long announced = Arrays.stream(announcedAt).max().orElseThrow();
      long decided = Arrays.stream(decidedAt).max().orElseThrow();
      return new Run(
          variant,
          n,
          index,
          (decided - lastStart) / 1_000_000,
          (decided - configured) / 1_000_000,
          (announced - lastStart) / 1_000_000,
          Arrays.stream(cpu).sorted().toArray()[n / 2],
          load(),
          check(nodes));
    } finally {
      deleteTree(dir);
    }
  }

  private static void copyLogs(List<DiscoveryNode> nodes, Path into) {
    try {
      Files.createDirectories(into);
      for (DiscoveryNode node : nodes) {
        Files.writeString(into.resolve(node.host.name() + ".log"), node.log());
      }
    } catch (IOException e) {
      System.err.println("cannot keep the logs in " + into + ": " + e.getMessage());
    }
  }

  /**
   * The CPU time (user and system) a node's processes (the launcher and its JVM) have used so far,
   * from /proc; -1 when unreadable.
   */
  private static double cpuSeconds(Process process) {
    double ticks = 0;
    List<ProcessHandle> tree = new ArrayList<>(List.of(process.toHandle()));
    process.toHandle().descendants().forEach(tree::add);
    for (ProcessHandle handle : tree) {
      try {
        String stat = Files.readString(Path.of("/proc/" + handle.pid() + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields from the state on: utime and stime are the 12th and 13th
        ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      } catch (IOException | RuntimeException e) {
        return -1;
      }
    }
    return ticks / CLOCK_TICKS;
  }

  /** The 1-minute load average, from /proc/loadavg. */
  private static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "?";
    }
  }

  /** Exactly one initializer, every other node joins it. */
  private static Optional<String> check(List<DiscoveryNode> nodes) {
    List<DiscoveryNode> initializers = nodes.stream().filter(DiscoveryNode::initializes).toList();
    if (initializers.size() != 1) {
      return Optional.of(
          initializers.size()
              + " initializers: "
              + initializers.stream().map(DiscoveryNode::address).toList());
    }
    String leader = initializers.get(0).address();
    List<String> astray =
        nodes.stream()
            .filter(node -> node != initializers.get(0))
            .filter(node -> !node.leader().equals(Optional.of(leader)))
            .map(DiscoveryNode::address)
            .toList();
    return astray.isEmpty()
        ? Optional.empty()
        : Optional.of("not joining " + leader + ": " + astray);
  }

  private static long median(List<Long> sorted) {
    int size = sorted.size();
    return size % 2 == 1
        ? sorted.get(size / 2)
        : (sorted.get(size / 2 - 1) + sorted.get(size / 2)) / 2;
  }

  private static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.2f s", millis / 1000.0);
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  // a leftover in a temporary directory
                }
              });
    } catch (IOException e) {
      // a leftover in a temporary directory
    }
  }
}
