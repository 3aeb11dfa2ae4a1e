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
 * <p>Per run: all N processes are started one after the other; the time is measured from the start
 * of the last one until every node has logged its {@code Discovery decided} line (logs polled every
 * 20 ms); a run's figure is the max over its nodes. JVM start-up is included: on a machine with few
 * cores, N JVMs starting together dominate. A run also checks the outcome (exactly one initializer,
 * every other node joins it) and counts as failed otherwise, or when not every node decided within
 * the timeout.
 *
 * <p>Arguments: {@code [--nodes 3,5,10] [--runs 5] [--expected-servers 3] [--timeout-seconds 300]}
 * ({@code --expected-servers 0}: as many as nodes); the distribution from {@code -Drancherd.dist}
 * (default {@code rancherd/target/rancherd}).
 */
public final class DiscoveryBenchmark {

  private static final long POLL_MILLIS = 20;

  /** What a node logs once its join server and mDNS are up. */
  private static final String ANNOUNCED = "Discovering peers through";

  private DiscoveryBenchmark() {}

  /**
   * One run: the figure (ms), the part of it until every node announced itself (logged "Discovering
   * peers", ms; start-up), or why it failed.
   */
  private record Run(
      int nodes, int index, long millis, long announcedMillis, Optional<String> failure) {}

  public static void main(String[] args) throws Exception {
    List<Integer> counts = List.of(3, 5, 10);
    int runs = 5;
    int expected = 3;
    long timeoutSeconds = 300;
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
        default -> {
          System.err.println(
              "usage: DiscoveryBenchmark [--nodes 3,5,10] [--runs 5] [--expected-servers 3] "
                  + "[--timeout-seconds 300]");
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
    DiscoveryNode.launcher();
    System.out.printf(
        Locale.ROOT,
        "discovery benchmark: %s nodes, %d runs each, expectedServers %s, %d cores, "
            + "launcher %s%n",
        counts,
        runs,
        expected == 0 ? "= nodes" : expected,
        Runtime.getRuntime().availableProcessors(),
        DiscoveryNode.launcher());
    System.out.println(
        "time = from the start of the last node's process to the last \"Discovery decided\" line");
    List<Run> all = new ArrayList<>();
    for (int n : counts) {
      for (int r = 1; r <= runs; r++) {
        Run run = run(n, r, expected == 0 ? n : Math.min(expected, n), timeoutSeconds);
        all.add(run);
        System.out.printf(
            Locale.ROOT,
            "  %2d nodes, run %d: %s%n",
            n,
            r,
            run.failure().isPresent()
                ? "FAILED: " + run.failure().get()
                : seconds(run.millis())
                    + " (all announced after "
                    + seconds(run.announcedMillis())
                    + ")");
      }
    }
    System.out.println();
    System.out.println(
        "nodes  runs ok  median     min        max        | announced: median  min        max");
    for (int n : counts) {
      List<Run> ok = all.stream().filter(r -> r.nodes() == n && r.failure().isEmpty()).toList();
      long total = all.stream().filter(r -> r.nodes() == n).count();
      if (ok.isEmpty()) {
        System.out.printf(Locale.ROOT, "%5d  %d/%d     -%n", n, 0, total);
        continue;
      }
      List<Long> decided = ok.stream().map(Run::millis).sorted().toList();
      List<Long> announced = ok.stream().map(Run::announcedMillis).sorted().toList();
      System.out.printf(
          Locale.ROOT,
          "%5d  %d/%d     %-10s %-10s %-10s |            %-10s %-10s %-10s%n",
          n,
          ok.size(),
          total,
          seconds(median(decided)),
          seconds(decided.get(0)),
          seconds(decided.get(decided.size() - 1)),
          seconds(median(announced)),
          seconds(announced.get(0)),
          seconds(announced.get(announced.size() - 1)));
    }
  }

  private static Run run(int n, int index, int expected, long timeoutSeconds)
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
      long[] announcedAt = new long[n];
      long[] decidedAt = new long[n];
      long deadline = lastStart + timeoutSeconds * 1_000_000_000L;
      int pending = n;
      while (pending > 0 && System.nanoTime() < deadline) {
        for (int i = 0; i < n; i++) {
          if (decidedAt[i] != 0) {
            continue;
          }
          String log = nodes.get(i).log();
          long now = System.nanoTime();
          if (announcedAt[i] == 0 && log.contains(ANNOUNCED)) {
            announcedAt[i] = now;
          }
          if (log.contains(DiscoveryNode.DECIDED)) {
            decidedAt[i] = now;
            pending--;
          }
        }
        if (pending > 0) {
          Thread.sleep(POLL_MILLIS);
        }
      }
      if (pending > 0) {
        return new Run(
            n,
            index,
            -1,
            -1,
            Optional.of(
                pending + " of " + n + " nodes did not decide within " + timeoutSeconds + " s"));
      }
      long announced = Arrays.stream(announcedAt).max().orElseThrow();
      long decided = Arrays.stream(decidedAt).max().orElseThrow();
      return new Run(
          n,
          index,
          (decided - lastStart) / 1_000_000,
          (announced - lastStart) / 1_000_000,
          check(nodes));
    } finally {
      deleteTree(dir);
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
