package io.rancherd.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rancherd.download.DownloadClient;
import io.rancherd.tls.TlsClients;
import io.rancherd.wait.Backoff;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Not a timed test: pulls and extracts a ~100 MB image and compares the wall time with {@code
 * skopeo copy} to a directory from the same registry, printing the figures. Not named like a test,
 * so the suite never runs it: {@code mvn -pl rancherd verify -Dit.test=PullBenchmark
 * -Drancherd.benchmark=true}.
 */
@EnabledIfSystemProperty(named = "rancherd.benchmark", matches = "true")
class PullBenchmark {

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

      long s0 = System.nanoTime();
      Process p =
          new ProcessBuilder(
                  "skopeo",
                  "--insecure-policy",
                  "copy",
                  "--quiet",
                  "--src-creds",
                  TestRegistry.USER + ":" + TestRegistry.PASSWORD,
                  "--src-cert-dir",
                  tmp.resolve("r/certs.d").toString(),
                  "docker://" + registry.host() + "/bench/big:v1",
                  "dir:" + tmp.resolve("skopeo-dir"))
              .inheritIO()
              .start();
      assertEquals(0, p.waitFor());
      long skopeo = System.nanoTime() - s0;

      System.gc();
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        pool.resetPeakUsage();
      }
      ImagePuller puller =
          new ImagePuller(
              Registries.from(
                  Map.of(
                      "configs",
                      Map.of(
                          registry.host(),
                          Map.of(
                              "auth",
                              Map.of(
                                  "username", TestRegistry.USER, "password", TestRegistry.PASSWORD),
                              "tls",
                              Map.of("ca_file", registry.caFile().toString()))))),
              io.rancherd.fs.Root.SYSTEM,
              DownloadClient.withEnvironment(TlsClients.base(), Map.of()),
              new Retries(
                  1, new Backoff(Duration.ofMillis(1), Duration.ofMillis(1)), random, d -> {}),
              Clock.systemUTC());
      long r0 = System.nanoTime();
      puller.pull(
          ImageReference.parse(registry.host() + "/bench/big:v1"), "amd64", tmp.resolve("ours"));
      long ours = System.nanoTime() - r0;
      long heapPeak = 0;
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP) {
          heapPeak += pool.getPeakUsage().getUsed();
        }
      }
      System.out.printf(
          "BENCHMARK pull+extract 100 MiB: rancherd %.2f s, skopeo copy to dir (no extract) %.2f s,"
              + " ratio %.2f; heap peak during pull %d MiB (test JVM, includes test data)%n",
          ours / 1e9, skopeo / 1e9, (double) ours / skopeo, heapPeak / (1024 * 1024));
      assertEquals(
          List.of("blob.bin"), List.of(tmp.resolve("ours/blob.bin").getFileName().toString()));
    }
  }
}
