package io.rancherd.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rancherd.standin.StandInArtifacts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Discovery end to end, with the runtime stand-in as k3s: three servers in separate network
 * namespaces share a short token, elect one to initialize, the other two join it as servers after
 * verifying its CA through its join server, and an agent started later finds the cluster through
 * discovery and joins it too. Every node reaches {@code bootstrapped}.
 */
class DiscoveryBootstrapIT {

  private static final String TOKEN = "short-shared-discovery-token";
  private static final Duration WAIT = Duration.ofSeconds(120);

  @TempDir Path tmp;
  private NetnsBed bed;
  private final List<Node> nodes = new ArrayList<>();

  /**
   * One node: its namespace, its machine root with the stand-in's air-gap artifacts, its rancherd.
   */
  private record Node(NetnsBed.Host host, Path root, String name, Process process) {

    Path log() {
      return root.resolve("rancherd.log");
    }

    String logText() {
      return read(log());
    }

    Path data(String file) {
      return root.resolve("var/lib/rancher/rancherd").resolve(file);
    }

    Map<String, Object> bootstrapped() {
      Object doc =
          new Yaml(new SafeConstructor(new LoaderOptions())).load(read(data("bootstrapped")));
      @SuppressWarnings("unchecked")
      Map<String, Object> fields = (Map<String, Object>) doc;
      return fields;
    }

    boolean isBootstrapped() {
      return Files.isRegularFile(data("bootstrapped"));
    }
  }

  @BeforeEach
  void openBed() {
    NetnsBed.assumeUsable();
    bed = NetnsBed.open();
  }

  @AfterEach
  void closeBed() {
    if (bed != null) {
      bed.close();
    }
  }

  @Test
  void threeServersElectOneTheOthersJoinVerifiedAndALateAgentJoinsToo() throws Exception {
    for (int i = 1; i <= 3; i++) {
      nodes.add(start(i, "server", "node-" + i));
    }
    Node leader = nodes.get(0);
    hold(leader, true);
    await(
        "both followers bootstrapped",
        () -> nodes.get(1).isBootstrapped() && nodes.get(2).isBootstrapped());

    Node agent = start(4, "agent", "agent-4");
    nodes.add(agent);
    await("the late agent bootstrapped", agent::isBootstrapped);
    hold(leader, false);
    await("the initializing node bootstrapped", leader::isBootstrapped);
    for (Node node : nodes) {
      await(node.name() + "'s rancherd to finish", () -> !node.process().isAlive());
      assertEquals(0, node.process().exitValue(), context());
    }

    assertEquals("cluster-init", leader.bootstrapped().get("role"), context());
    assertTrue(
        leader
            .logText()
            .contains(
                "Discovery decided: this node initializes the cluster: it comes first of the "
                    + "3 servers that agree (10.78.0.11, 10.78.0.12, 10.78.0.13)"),
        context());
    String caHash = (String) nodes.get(1).bootstrapped().get("serverCa");
    for (Node follower : nodes.subList(1, 4)) {
      Map<String, Object> stamp = follower.bootstrapped();
      assertEquals(follower == agent ? "agent" : "server", stamp.get("role"), context());
      assertEquals(
          "the join server's /cacerts handshake", stamp.get("serverCaVerifiedBy"), context());
      assertEquals(caHash, stamp.get("serverCa"), context());
      assertTrue(
          follower.logText().contains("Discovery decided: this node joins 10.78.0.11: it "),
          context());
      assertFalse(follower.logText().contains("NOT VERIFIED"), context());
    }
    assertEquals(
        List.of(
            "joined server node-2 as server (k3s server)",
            "joined server node-3 as server (k3s server)",
            "registered node agent-4 as node (k3s agent)"),
        read(leader.root().resolve("var/lib/standin/registrations.log")).lines().sorted().toList(),
        context());
    for (Node node : nodes) {
      assertFalse(node.logText().contains(TOKEN), "the token appears in the log of " + node.name());
    }
  }

  private Node start(int index, String role, String name) throws IOException {
    NetnsBed.Host host = bed.add(NetnsBed.PREFIX + index, 10 + index);
    Path root = tmp.resolve(host.name());
    StandInArtifacts.k3sAirgap(root.resolve("opt/airgap"));
    Files.createDirectories(root.resolve("etc"));
    Files.writeString(root.resolve("etc/machine-id"), "%032x%n".formatted(index));
    Path config = root.resolve("config.yaml");
    Files.writeString(
        config,
        """
        role: %s
        token: %s
        nodeName: %s
        kubernetesVersion: %s
        airgapArtifactsDir: /opt/airgap
        rancherVersion: v2.8.5
        rancherValues:
          bootstrapPassword: "first-admin-password"
        discovery:
          params: {provider: mdns, service: rancher-server}
          expectedServers: 3
        """
            .formatted(role, TOKEN, name, StandInArtifacts.K3S_VERSION),
        StandardCharsets.UTF_8);
    Process process =
        bed.start(
            host,
            root.resolve("rancherd.log"),
            Map.of("STANDIN_ROOT", root.toString(), "STANDIN_BIND_ADDRESS", "0.0.0.0"),
            List.of(
                DiscoveryNode.launcher().toString(),
                "--root",
                root.toString(),
                "bootstrap",
                "--once",
                "--service-manager",
                "direct",
                "--config",
                config.toString()));
    return new Node(host, root, name, process);
  }

  /** Keeps the initializing node's Rancher not ready, so its rancherd (and join server) runs on. */
  private static void hold(Node node, boolean on) throws IOException {
    Path file = node.root().resolve("var/lib/standin/hold-rancher");
    if (on) {
      Files.createDirectories(file.getParent());
      Files.writeString(file, "held by DiscoveryBootstrapIT\n");
    } else {
      Files.deleteIfExists(file);
    }
  }

  private void await(String what, java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    DiscoveryNode.await(WAIT, what, condition, this::context);
  }

  private String context() {
    return "\n"
        + nodes.stream()
            .map(
                n ->
                    "--- "
                        + n.name()
                        + " ("
                        + n.host().address()
                        + ") ---\n"
                        + n.logText().replace(TOKEN, "<token>"))
            .collect(Collectors.joining("\n"));
  }

  private static String read(Path file) {
    try {
      return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
