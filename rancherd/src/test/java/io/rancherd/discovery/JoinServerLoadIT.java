package io.rancherd.discovery;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rancherd.join.PeerKey;
import io.rancherd.secret.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The join server of a real discovering rancherd, in its own namespace, under attack from another
 * ({@link JoinServerAttack}: slow handshakes, idle connections, bursts) while a valid peer (this
 * JVM, on the bridge) polls it: the peer gets at least 95% of its answers within 2 s, the server's
 * peak RSS stays under {@value #RSS_LIMIT_MB} MB and its log shows no stack trace. Prints the
 * figures. Needs root and iproute2.
 */
class JoinServerLoadIT {

  private static final String TOKEN = "load-it-shared-token";
  private static final int ATTACK_SECONDS = 20;
  private static final long RSS_LIMIT_MB = 128;

  @TempDir Path tmp;

  private NetnsBed bed;

  @BeforeEach
  void usable() {
    NetnsBed.assumeUsable();
  }

  @AfterEach
  void closeBed() {
    if (bed != null) {
      bed.close();
    }
  }

  @Test
  void aValidPeerKeepsItsAnswersUnderSlowlorisIdleFloodsAndBursts() throws Exception {
    bed = NetnsBed.open(2);
    NetnsBed.Host serverHost = bed.hosts().get(0);
    NetnsBed.Host attackerHost = bed.hosts().get(1);
    // expects three servers but lists one: it keeps discovering, its join server up, all along
    DiscoveryNode server =
        DiscoveryNode.prepare(
                bed,
                serverHost,
                tmp,
                TOKEN,
                3,
                "{provider: static, addresses: \"" + serverHost.address() + "\"}")
            .start();
    PeerAddress target = PeerAddress.parse(serverHost.address());
    try (HttpPoller peer =
        new HttpPoller(
            8443,
            PeerKey.of(new Secret(TOKEN)),
            "load-it-peer",
            SecureRandom::new,
            Duration.ofSeconds(2),
            new RancherCheck.Pin(Optional.empty(), 6443))) {
      DiscoveryNode.await(
          Duration.ofSeconds(60),
          "the join server answers",
          () -> peer.pollOne(target) instanceof Poll.Answered,
          server::describe);
      long idleRss = peakRssKb(server);

      Path attackLog = tmp.resolve("attack.log");
      bed.start(
          attackerHost,
          attackLog,
          Map.of(),
          List.of(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-cp",
              System.getProperty("java.class.path"),
              JoinServerAttack.class.getName(),
              serverHost.address(),
              "8443",
              String.valueOf(ATTACK_SECONDS)));
      DiscoveryNode.await(
          Duration.ofSeconds(60),
          "the attack runs",
          () -> read(attackLog).contains(JoinServerAttack.RUNNING),
          () -> read(attackLog));
      Thread.sleep(2000);

      int asked = 0;
      int answered = 0;
      long slowest = 0;
      long until = System.nanoTime() + Duration.ofSeconds(ATTACK_SECONDS - 5).toNanos();
      while (System.nanoTime() < until) {
        long start = System.nanoTime();
        Poll poll = peer.pollOne(target);
        long millis = (System.nanoTime() - start) / 1_000_000;
        asked++;
        if (poll instanceof Poll.Answered && millis <= 2000) {
          answered++;
        }
        slowest = Math.max(slowest, millis);
        Thread.sleep(200);
      }
      long attackedRss = peakRssKb(server);
      System.out.printf(
          "join server under attack: %d of %d polls answered within 2 s (%.1f%%), slowest %d ms;"
              + " peak RSS %d MB before the attack, %d MB after%n",
          answered, asked, 100.0 * answered / asked, slowest, idleRss / 1024, attackedRss / 1024);

      assertTrue(
          answered >= Math.ceil(asked * 0.95),
          answered + " of " + asked + " answered within 2 s" + server.describe());
      assertTrue(
          attackedRss / 1024 < RSS_LIMIT_MB,
          "peak RSS " + attackedRss / 1024 + " MB" + server.describe());
      assertFalse(
          server.log().contains("Exception") || server.log().contains("\tat "),
          "no stack trace in the log" + server.describe());
    }
  }

  /** The peak resident set (VmHWM) of the node's rancherd process, in kB. */
  private static long peakRssKb(DiscoveryNode node) throws IOException {
    long pid = node.process().orElseThrow().pid();
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("no VmHWM for pid " + pid);
  }

  private static String read(Path file) {
    try {
      return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "";
    }
  }
}
