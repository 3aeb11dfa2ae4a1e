package io.rancherd.packaging;

import io.rancherd.standin.StandInProcesses;
import io.rancherd.testing.Commands;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The packaging benchmark (run by bench/packaging.sh): the tarball's size; the cold start of {@code
 * rancherd --version} and {@code rancherd get-token} with and without the class-data archive; the
 * peak RSS of a cluster-init bootstrap through the stand-in. Prints figures only.
 *
 * <p>Arguments: {@code TARBALL [RUNS]}.
 */
public final class PackagingBenchmark {

  private static final Duration TIMEOUT = Duration.ofMinutes(3);

  private PackagingBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path tarball = Path.of(args[0]).toAbsolutePath();
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 11;
    Path dir = Files.createTempDirectory("rancherd-bench-");
    try {
      run(tarball, runs, dir);
    } finally {
      StandInProcesses.stopAll(dir.resolve("node"));
      check(List.of("rm", "-rf", dir.toString()), Map.of());
    }
  }

  private static void run(Path tarball, int runs, Path dir) throws IOException {
    System.out.printf(
        "tarball            %s: %.1f MB%n", tarball.getFileName(), Files.size(tarball) / 1e6);
    check(List.of("tar", "-xzf", tarball.toString(), "-C", dir.toString()), Map.of());
    Path home = dir.resolve(tarball.getFileName().toString().replaceFirst("\\.tar\\.gz$", ""));
    check(List.of(home.resolve("lib/cds-archive.sh").toString()), Map.of());
    System.out.printf(
        "installed tree     %.1f MB (runtime %.1f MB, lib/rancherd.jsa %.1f MB)%n",
        sizeOf(home) / 1e6,
        sizeOf(home.resolve("runtime")) / 1e6,
        Files.size(home.resolve("lib/rancherd.jsa")) / 1e6);

    // A server node's token file: get-token prints it (stdout is discarded, never shown).
    Path server = Files.createDirectories(dir.resolve("server"));
    Path tokenFile =
        Files.createDirectories(server.resolve("var/lib/rancher/k3s/server")).resolve("token");
    byte[] secret = new byte[16];
    ThreadLocalRandom.current().nextBytes(secret);
    Files.writeString(
        tokenFile, "K10" + "0".repeat(64) + "::server:" + HexFormat.of().formatHex(secret) + "\n");

    String launcher = home.resolve("bin/rancherd").toString();
    System.out.printf(
        "%nmedian of %d cold starts (ms)      with archive   -Xshare:off   ratio%n", runs);
    startup("rancherd --version", List.of(launcher, "--version"), runs);
    startup(
        "rancherd get-token", List.of(launcher, "get-token", "--root", server.toString()), runs);

    bootstrapRss(dir, launcher);
  }

  private static void startup(String label, List<String> command, int runs) {
    double with = median(command, Map.of(), runs);
    double without = median(command, Map.of("RANCHERD_JAVA_OPTS", "-Xshare:off"), runs);
    System.out.printf("%-32s %10.0f %13.0f %7.2f%n", label, with, without, without / with);
  }

  /** Median wall time in ms of {@code runs} runs, after one run that is not counted. */
  private static double median(List<String> command, Map<String, String> env, int runs) {
    check(command, env);
    List<Double> times = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      check(command, env);
      times.add((System.nanoTime() - start) / 1e6);
    }
    times.sort(null);
    return times.get(times.size() / 2);
  }

  /**
   * A cluster-init bootstrap under {@code /usr/bin/time -v}. time reports the largest RSS of any
   * process it waited for: rancherd and the rancherd processes the plan's steps run (the stand-in
   * runtime is started in its own session and never waited for, so it is not in the figure).
   * rancherd's own JVM is measured as well: its VmHWM, read from /proc while it runs.
   */
  private static void bootstrapRss(Path dir, String launcher) throws IOException {
    Path root = Files.createDirectories(dir.resolve("node"));
    Path config = ClusterInitNode.prepare(root, dir.resolve("node.yaml"), "");
    Path timeLog = dir.resolve("time.log");
    ProcessBuilder builder =
        new ProcessBuilder(
                "/usr/bin/time",
                "-v",
                "-o",
                timeLog.toString(),
                launcher,
                "bootstrap",
                "--once",
                "--root",
                root.toString(),
                "--service-manager",
                "direct",
                "--config",
                config.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("bootstrap.log").toFile());
    Commands.NOISY_ENV.forEach(builder.environment()::remove);
    builder.environment().put("STANDIN_ROOT", root.toString());
    String javaOpts = System.getenv().getOrDefault("BENCH_RANCHERD_JAVA_OPTS", "");
    if (!javaOpts.isEmpty()) {
      builder.environment().put("RANCHERD_JAVA_OPTS", javaOpts);
      System.out.println("\nbootstrap with RANCHERD_JAVA_OPTS=" + javaOpts);
    }
    Process time = builder.start();
    long ownHwmKb = 0;
    Map<String, Long> stepHwmKb = new TreeMap<>();
    long start = System.nanoTime();
    while (time.isAlive()) {
      for (ProcessHandle child : time.children().toList()) {
        ownHwmKb = Math.max(ownHwmKb, vmHwmKb(child.pid()).orElse(0L));
        child
            .descendants()
            .forEach(
                d -> vmHwmKb(d.pid()).ifPresent(kb -> stepHwmKb.merge(kind(d), kb, Math::max)));
      }
      sleep(20);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (time.exitValue() != 0) {
      System.out.println(
          "\nbootstrap failed (exit "
              + time.exitValue()
              + "); see "
              + dir.resolve("bootstrap.log"));
      return;
    }
    long maxRssKb =
        Files.readAllLines(timeLog).stream()
            .map(String::strip)
            .filter(l -> l.startsWith("Maximum resident set size (kbytes):"))
            .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")))
            .findFirst()
            .orElse(-1);
    System.out.printf("%ncluster-init bootstrap through the stand-in: %.1f s%n", seconds);
    System.out.printf(
        "  rancherd's own JVM, peak RSS (VmHWM)            %6.1f MB%n", ownHwmKb / 1024.0);
    System.out.printf(
        "  largest process time -v waited for (max RSS)   %6.1f MB%n", maxRssKb / 1024.0);
    stepHwmKb.forEach(
        (kind, kb) -> System.out.printf("    largest %-38s %6.1f MB%n", kind, kb / 1024.0));
  }

  /**
   * What a descendant of rancherd is: a rancherd JVM of a plan step, the stand-in, or another
   * program.
   */
  private static String kind(ProcessHandle process) {
    if (process.info().commandLine().orElse("").contains("io.rancherd.standin.StandIn")) {
      return "stand-in JVM (k3s)";
    }
    List<String> args = process.info().arguments().map(List::of).orElse(List.of());
    int main = args.indexOf("io.rancherd.Main");
    if (main >= 0) {
      return "rancherd JVM of step: " + (main + 1 < args.size() ? args.get(main + 1) : "?");
    }
    return "other process ("
        + process.info().command().map(c -> Path.of(c).getFileName().toString()).orElse("?")
        + ")";
  }

  private static Optional<Long> vmHwmKb(long pid) {
    try {
      return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
          .filter(l -> l.startsWith("VmHWM:"))
          .map(l -> Long.parseLong(l.replaceAll("\\D", "")))
          .findFirst();
    } catch (IOException e) {
      return Optional.empty(); // exited between the listing and the read
    }
  }

  private static long sizeOf(Path dir) throws IOException {
    try (var walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static void check(List<String> command, Map<String, String> env) {
    Commands.Output out = Commands.run(command, null, env, TIMEOUT);
    if (out.exitCode() != 0) {
      throw new IllegalStateException(
          command.get(0) + " failed (exit " + out.exitCode() + "): " + out.stderr());
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
