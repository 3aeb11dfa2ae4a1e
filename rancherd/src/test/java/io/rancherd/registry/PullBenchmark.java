package io.rancherd.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rancherd.download.DownloadClient;
import io.rancherd.log.LogSettings;
import io.rancherd.tls.TlsClients;
import io.rancherd.wait.Backoff;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Not a timed test: pulls and extracts a ~100 MB image in a JVM of its own (the launcher's flags)
 * and compares its wall time and peak RSS with {@code skopeo copy} to a directory from the same
 * registry, runs alternating ({@code -Drancherd.benchmark.runs=N}, 3 by default), printing the
 * medians. Not named like a test, so the suite never runs it: {@code mvn -pl rancherd verify
 * -Dit.test=PullBenchmark -Drancherd.benchmark=true}.
 */
@EnabledIfSystemProperty(named = "rancherd.benchmark", matches = "true")
class PullBenchmark {

  /** bin/rancherd's JVM flags; {@code -Drancherd.benchmark.jvm=...} measures others. */
  static final String LAUNCHER_FLAGS = "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xms8m -Xmx128m";

  @TempDir Path tmp;

  @Test
  void pull100MiB_againstSkopeo() throws Exception {
    TestRegistry.requireTools();
    try (TestRegistry registry =
        TestRegistry.start(Files.createDirectory(tmp.resolve("r")), false)) {
      Random random = new Random(7);
      byte[] data = new byte[100 * 1024 * 1024];
      random.nextBytes(data);
      TestTar tar = new TestTar().entry("blob.bin", '0', 0644, data, "");
      ByteArrayOutputStream gz = new ByteArrayOutputStream();
      try (GZIPOutputStream zip =
          new GZIPOutputStream(gz) {
            {
              def.setLevel(Deflater.BEST_SPEED);
            }
          }) {
        zip.write(tar.tar());
      }
      data = null;
      OciLayout layout = new OciLayout(tmp.resolve("layout"));
      layout.tag("v1", layout.image("amd64", gz.toByteArray()));
      gz = null;
      registry.push(layout, "v1", "bench/big");

      String creds = TestRegistry.USER + ":" + TestRegistry.PASSWORD;
      List<String> skopeo =
          List.of(
              "skopeo",
              "--insecure-policy",
              "copy",
              "--quiet",
              "--src-creds",
              creds,
              "--src-cert-dir",
              tmp.resolve("r/certs.d").toString(),
              "docker://" + registry.host() + "/bench/big:v1",
              "dir:" + tmp.resolve("skopeo-dir"));
      // rancherd's pull in a JVM of its own, started with the launcher's flags, so that its wall
      // time includes the start as skopeo's does and its peak RSS is its own.
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      List<String> ours = new ArrayList<>(List.of(java));
      ours.addAll(List.of(System.getProperty("rancherd.benchmark.jvm", LAUNCHER_FLAGS).split(" ")));
      ours.addAll(
          List.of(
              "-cp",
              System.getProperty("java.class.path"),
              PullBenchmark.class.getName(),
              registry.host(),
              registry.caFile().toString(),
              ""));
      int runs = Integer.getInteger("rancherd.benchmark.runs", 3);
      // the same pull offering only the AES-GCM suites, as rancherd did before ChaChaFirst
      List<String> aesOnly = new ArrayList<>(ours);
      aesOnly.add(
          ours.indexOf("-cp"),
          "-Djdk.tls.client.cipherSuites=TLS_AES_128_GCM_SHA256,TLS_AES_256_GCM_SHA384");
      List<double[]> skopeoRuns = new ArrayList<>();
      List<double[]> ourRuns = new ArrayList<>();
      List<double[]> aesRuns = new ArrayList<>();
      List<String> phases = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        skopeoRuns.add(timed(skopeo, tmp.resolve("time-skopeo"), null));
        deleteTree(tmp.resolve("skopeo-dir"));
        ourRuns.add(pullOnce(ours, phases));
        aesRuns.add(pullOnce(aesOnly, new ArrayList<>()));
      }
      double[] s = median(skopeoRuns);
      double[] r = median(ourRuns);
      double[] a = median(aesRuns);
      System.out.printf(
          "BENCHMARK pull 100 MiB (median of %d, load %s, JVM flags %s): rancherd pull+extract %.2f"
              + " s, peak RSS %.1f MB; skopeo copy to dir (no extract) %.2f s, peak RSS %.1f MB;"
              + " wall ratio %.2f; rancherd offering AES-GCM only %.2f s, %.1f MB%n",
          runs,
          load(),
          ours.subList(1, ours.indexOf("-cp")),
          r[0],
          r[1] / 1024,
          s[0],
          s[1] / 1024,
          r[0] / s[0],
          a[0],
          a[1] / 1024);
      phases.forEach(line -> System.out.println("BENCHMARK rancherd " + line));
    }
  }

  /**
   * The pull itself, in the child JVM: {@code HOST CA_FILE TARGET}. Prints how long the JVM took to
   * get here, the pull and the whole.
   */
  public static void main(String[] args) throws Exception {
    long started = ManagementFactory.getRuntimeMXBean().getStartTime();
    long inMain = System.currentTimeMillis();
    LogSettings.configure(true);
    ImagePuller puller =
        new ImagePuller(
            Registries.from(
                Map.of(
                    "configs",
                    Map.of(
                        args[0],
                        Map.of(
                            "auth",
                            Map.of(
                                "username", TestRegistry.USER, "password", TestRegistry.PASSWORD),
                            "tls",
                            Map.of("ca_file", args[1]))))),
            io.rancherd.fs.Root.SYSTEM,
            DownloadClient.withEnvironment(TlsClients.base(), Map.of()),
            new Retries(
                1, new Backoff(Duration.ofMillis(1), Duration.ofMillis(1)), new Random(), d -> {}),
            Clock.systemUTC());
    long p0 = System.nanoTime();
    puller.pull(ImageReference.parse(args[0] + "/bench/big:v1"), "amd64", Path.of(args[2]));
    long pull = (System.nanoTime() - p0) / 1_000_000;
    System.out.printf(
        "phases: JVM start to main %d ms, pull (manifest, download+verify, extract) %d ms%n",
        inMain - started, pull);
    System.out.flush();
    // as rancherd's Main ends: without waiting for the HTTP client's idle threads
    System.exit(0);
  }

  private double[] pullOnce(List<String> command, List<String> phases) throws Exception {
    List<String> args = new ArrayList<>(command);
    args.set(args.size() - 1, tmp.resolve("ours").toString());
    double[] figures = timed(args, tmp.resolve("time-ours"), phases);
    assertTrue(Files.size(tmp.resolve("ours/blob.bin")) == 100 * 1024 * 1024);
    deleteTree(tmp.resolve("ours"));
    return figures;
  }

  /** Runs {@code command} under /usr/bin/time: {wall s, peak RSS KiB}. */
  private static double[] timed(List<String> command, Path timeFile, List<String> output)
      throws Exception {
    List<String> argv = new ArrayList<>(List.of("/usr/bin/time", "-f", "%e %M", "-o"));
    argv.add(timeFile.toString());
    argv.addAll(command);
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    if (output != null) {
      out.lines()
          .filter(l -> l.startsWith("phases:") || l.contains("download and verify"))
          .forEach(output::add);
    }
    String[] f = Files.readString(timeFile).trim().split("\\s+");
    return new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1])};
  }

  private static double[] median(List<double[]> runs) {
    double[] m = new double[2];
    for (int i = 0; i < 2; i++) {
      int k = i;
      m[i] = runs.stream().mapToDouble(a -> a[k]).sorted().toArray()[(runs.size() - 1) / 2];
    }
    return m;
  }

  private static String load() throws Exception {
    return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
  }

  private static void deleteTree(Path dir) throws Exception {
    if (Files.exists(dir)) {
      try (var walk = Files.walk(dir)) {
        for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
          Files.delete(p);
        }
      }
    }
  }
}
