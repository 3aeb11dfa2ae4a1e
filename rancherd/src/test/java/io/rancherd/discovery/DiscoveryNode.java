package io.rancherd.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assertions;

/**
 * One discovering rancherd server in a host of a {@link NetnsBed}: its machine root (config, data
 * dir, log) and its {@code rancherd bootstrap --once --service-manager direct} process. The config
 * has no air-gap artifacts, so an initializing node fails at its install step after the decision;
 * followers then wait for it. Tests look at decisions only.
 */
final class DiscoveryNode {

  static final String DECIDED = "Discovery decided: ";
  static final String INITIALIZES = "this node initializes the cluster";
  static final String JOINS = "this node joins ";
  static final String DATA_DIR = "var/lib/rancher/rancherd";
  static final String SERVICE = "rancher-server";

  private static final ObjectMapper JSON = new ObjectMapper();

  final NetnsBed bed;
  final NetnsBed.Host host;
  final Path root;
  final Path log;
  private final String token;
  private Process process;
  private Instant startedAt;

  private DiscoveryNode(NetnsBed bed, NetnsBed.Host host, Path root, String token) {
    this.bed = bed;
    this.host = host;
    this.root = root;
    this.log = root.resolve("rancherd.log");
    this.token = token;
  }

  /**
   * Writes the node's config under {@code dir/<host name>} (the machine root); does not start it.
   */
  static DiscoveryNode prepare(
      NetnsBed bed, NetnsBed.Host host, Path dir, String token, int expectedServers) {
    return prepare(
        bed, host, dir, token, expectedServers, "{provider: mdns, service: " + SERVICE + "}");
  }

  /** As above, with the discovery {@code params} given as a YAML flow map. */
  static DiscoveryNode prepare(
      NetnsBed bed,
      NetnsBed.Host host,
      Path dir,
      String token,
      int expectedServers,
      String params) {
    Path root = dir.resolve(host.name());
    DiscoveryNode node = new DiscoveryNode(bed, host, root, token);
    try {
      Files.createDirectories(root);
      Files.writeString(
          node.config(),
          """
          role: server
          token: %s
          kubernetesVersion: v1.30.2+k3s1
          airgapArtifactsDir: /nonexistent
          installRancher: false
          discovery:
            params: %s
            expectedServers: %d
          """
              .formatted(token, params, expectedServers),
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return node;
  }

  static Path launcher() {
    Path dist = Path.of(System.getProperty("rancherd.dist", "target/rancherd")).toAbsolutePath();
    Path launcher = dist.resolve("bin/rancherd");
    if (!Files.isExecutable(launcher)) {
      throw new IllegalStateException(
          "the packaged launcher "
              + launcher
              + " is missing or not executable; run "
              + "`mvn package` first (or set -Drancherd.dist)");
    }
    return launcher;
  }

  Path config() {
    return root.resolve("config.yaml");
  }

  String address() {
    return host.address();
  }

  /** Starts {@code rancherd bootstrap} in the node's namespace. */
  DiscoveryNode start() {
    startedAt = Instant.now();
    process =
        bed.start(
            host,
            log,
            Map.of(),
            List.of(
                launcher().toString(),
                "--root",
                root.toString(),
                "bootstrap",
                "--once",
                "--service-manager",
                "direct",
                "--config",
                config().toString()));
    return this;
  }

  Instant startedAt() {
    return startedAt;
  }

  Optional<Process> process() {
    return Optional.ofNullable(process);
  }

  /** The log so far ("" before the first line). */
  String log() {
    try {
      return Files.isRegularFile(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }

  List<String> logLines() {
    return log().lines().toList();
  }

  /**
   * The decision the log names ("this node initializes ...", "this node joins ..."), once there is
   * one.
   */
  Optional<String> decision() {
    return decisionIn(log());
  }

  static Optional<String> decisionIn(String log) {
    return log.lines()
        .filter(l -> l.contains(DECIDED))
        .findFirst()
        .map(l -> l.substring(l.indexOf(DECIDED) + DECIDED.length()));
  }

  boolean decided() {
    return decision().isPresent();
  }

  boolean initializes() {
    return decision().filter(d -> d.startsWith(INITIALIZES)).isPresent();
  }

  /** The leader this node decided to join. */
  Optional<String> leader() {
    return decision()
        .filter(d -> d.startsWith(JOINS))
        .map(d -> d.substring(JOINS.length()).split(":", 2)[0]);
  }

  Path dataDir() {
    return root.resolve(DATA_DIR);
  }

  /** {@code discovery.json}, or an empty object when there is none yet. */
  JsonNode record() {
    Path file = dataDir().resolve("discovery.json");
    try {
      return Files.isRegularFile(file) ? JSON.readTree(file.toFile()) : JSON.createObjectNode();
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + file, e);
    }
  }

  /** {@code rancherd --root <root> status} (reads files only: run outside the namespace). */
  NetnsBed.Result status() {
    return NetnsBed.run(
        List.of(launcher().toString(), "--root", root.toString(), "status"),
        Map.of(),
        Duration.ofSeconds(60));
  }

  /** The lines of status output that start with {@code discovery:}. */
  static List<String> discoveryLines(NetnsBed.Result status) {
    return status.stdout().lines().filter(l -> l.startsWith("discovery:")).toList();
  }

  /** The node's log for a failure message, without the token. */
  String describe() {
    return "--- " + host + " log ---\n" + redact(log()) + "--- end of " + host.name() + " log ---";
  }

  String redact(String text) {
    return token.isEmpty() ? text : text.replace(token, "<token>");
  }

  static String describe(List<DiscoveryNode> nodes) {
    return "\n" + nodes.stream().map(DiscoveryNode::describe).collect(Collectors.joining("\n"));
  }

  /**
   * Waits until {@code condition} holds, at most {@code timeout}; fails naming {@code what} and the
   * context.
   */
  static void await(
      Duration timeout, String what, BooleanSupplier condition, Supplier<String> context)
      throws InterruptedException {
    Instant start = Instant.now();
    Instant deadline = start.plus(timeout);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        Assertions.fail("not within " + timeout.toSeconds() + " s: " + what + context.get());
      }
      Thread.sleep(100);
    }
  }
}
