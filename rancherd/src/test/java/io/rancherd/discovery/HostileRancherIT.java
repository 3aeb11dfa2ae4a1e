package io.rancherd.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rancherd.join.CacertsHandshake;
import io.rancherd.secret.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile host that answers like Rancher ({@link HostileRancher}) on the lowest address of the
 * network, announced over mDNS or listed in a static provider: three discovering servers with a
 * short shared token never join it, never send it the token or Rancher's bearer, name it in their
 * logs, and still elect among themselves. Needs root and iproute2.
 */
class HostileRancherIT {

  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String TOKEN = "hostile-it-short-token";

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
  void aHostAnnouncedOverMdnsThatAnswersLikeRancherIsIgnored() throws Exception {
    bed = NetnsBed.open(4);
    run("mdns", "{provider: mdns, service: " + DiscoveryNode.SERVICE + "}");
  }

  @Test
  void aHostInTheStaticListThatAnswersLikeRancherIsIgnored() throws Exception {
    bed = NetnsBed.open(4);
    String addresses =
        bed.hosts().stream().map(NetnsBed.Host::address).collect(Collectors.joining(", "));
    run("quiet", "{provider: static, addresses: \"" + addresses + "\"}");
  }

  private void run(String announce, String params) throws Exception {
    List<NetnsBed.Host> hosts = bed.hosts();
    NetnsBed.Host hostile = hosts.get(0);
    Path requests = tmp.resolve("hostile-requests.log");
    Path hostileLog = tmp.resolve("hostile.log");
    bed.start(
        hostile,
        hostileLog,
        Map.of(),
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            HostileRancher.class.getName(),
            hostile.address(),
            requests.toString(),
            announce));
    DiscoveryNode.await(
        Duration.ofSeconds(60),
        "the hostile host listens",
        () -> read(hostileLog).contains(HostileRancher.LISTENING),
        () -> "\n" + read(hostileLog));
    List<DiscoveryNode> good =
        hosts.subList(1, 4).stream()
            .map(h -> DiscoveryNode.prepare(bed, h, tmp, TOKEN, 3, params))
            .toList();
    good.forEach(DiscoveryNode::start);

    DiscoveryNode.await(
        WAIT,
        "the three good servers decide",
        () -> good.stream().allMatch(DiscoveryNode::decided),
        () -> DiscoveryNode.describe(good) + "\n--- hostile requests ---\n" + read(requests));

    String context = DiscoveryNode.describe(good) + "\n--- hostile requests ---\n" + read(requests);
    DiscoveryNode initializer = good.get(0);
    assertTrue(initializer.initializes(), "the lowest good address initializes" + context);
    for (DiscoveryNode node : good.subList(1, 3)) {
      assertEquals(Optional.of(initializer.address()), node.leader(), context);
    }
    for (DiscoveryNode node : good) {
      assertTrue(
          node.logLines().stream()
              .anyMatch(
                  l -> l.contains("Ignoring " + hostile.address() + ": it answers like Rancher")),
          "the log names the ignored address" + context);
      assertFalse(node.log().contains(TOKEN), "the token is not logged" + context);
    }
    String seen = read(requests);
    assertTrue(seen.contains("8443 /cacerts"), "the hostile host was asked" + context);
    assertFalse(seen.contains(TOKEN), "the token never reached the hostile host:\n" + seen);
    assertFalse(seen.contains(basic(TOKEN)), "nor the node's basic credentials:\n" + seen);
    assertFalse(
        seen.contains(CacertsHandshake.authorization(new Secret(TOKEN)).substring(7)),
        "nor Rancher's static bearer, a fast oracle for the token:\n" + seen);
    assertFalse(seen.contains("6443 /v1-k3s"), "nothing was sent to its supervisor:\n" + seen);
  }

  private static String basic(String token) {
    return Base64.getEncoder().encodeToString(("node:" + token).getBytes(StandardCharsets.UTF_8));
  }

  private static String read(Path file) {
    try {
      return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e.getMessage() + ")";
    }
  }
}
