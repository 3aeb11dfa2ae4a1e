package io.rancherd.standin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import okhttp3.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How nodes join a stand-in server, without processes: identity headers, the node registry,
 * bootstrap data.
 */
class StandInJoinTest {

  @TempDir Path dir;

  @Test
  void node_password_is_created_once_with_mode_0600_and_reused() throws Exception {
    MachineRoot root = new MachineRoot(dir);
    String first = NodeIdentity.ensurePassword(root);
    Path file = root.resolve(NodeIdentity.PASSWORD_FILE);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertTrue(first.matches("[0-9a-f]{32}"), "random hex");
    assertEquals(first, NodeIdentity.ensurePassword(root));
    assertNotEquals(first, NodeIdentity.ensurePassword(new MachineRoot(dir.resolve("other"))));
  }

  @Test
  void identity_headers_carry_name_password_address_machine_id_and_labels() throws Exception {
    MachineRoot root = new MachineRoot(dir);
    write(root.resolve("/etc/machine-id"), "0123abcd\n");
    RuntimeConfig config =
        RuntimeConfig.load(
            Program.RKE2,
            root,
            List.of("--node-name", "Agent-1", "--node-ip", "10.0.0.7", "--node-label", "zone=a"),
            Map.of());
    NodeIdentity sent = NodeIdentity.of(Program.RKE2, root, config, false);

    Request.Builder request = new Request.Builder().url("https://127.0.0.1:9345/");
    sent.addHeaders(Program.RKE2, request);
    Headers headers = new Headers();
    request.build().headers().forEach(pair -> headers.add(pair.getFirst(), pair.getSecond()));
    NodeIdentity received = NodeIdentity.fromHeaders(Program.RKE2, headers);

    assertEquals("rke2-Node-Name", NodeIdentity.header(Program.RKE2, "Name"));
    assertEquals("agent-1", received.info().name(), "lower-cased as k3s does");
    assertEquals(sent.password(), received.password());
    assertEquals("10.0.0.7", received.info().address());
    assertEquals("0123abcd", received.info().machineId());
    assertEquals("a", received.info().labels().get("zone"));
    assertFalse(
        received.info().labels().containsKey("node-role.kubernetes.io/control-plane"),
        "agents have no role label");
    assertFalse(received.toString().contains(sent.password()), "toString hides the node password");

    headers.remove(NodeIdentity.header(Program.RKE2, "Password"));
    assertThrows(
        IllegalArgumentException.class, () -> NodeIdentity.fromHeaders(Program.RKE2, headers));
  }

  @Test
  void a_server_node_has_the_control_plane_and_etcd_labels_when_it_joins() {
    MachineRoot root = new MachineRoot(dir);
    RuntimeConfig joining =
        RuntimeConfig.load(
            Program.K3S, root, List.of("--server", "https://127.0.0.2:6443"), Map.of());
    Map<String, String> labels = NodeIdentity.of(Program.K3S, root, joining, true).info().labels();
    assertEquals("true", labels.get("node-role.kubernetes.io/control-plane"));
    assertEquals("true", labels.get("node-role.kubernetes.io/etcd"));
    RuntimeConfig single = RuntimeConfig.load(Program.K3S, root, List.of(), Map.of());
    assertFalse(
        NodeIdentity.of(Program.K3S, root, single, true)
            .info()
            .labels()
            .containsKey("node-role.kubernetes.io/etcd"));
  }

  @Test
  void a_node_name_stays_bound_to_its_first_node_password_across_restarts() throws Exception {
    MachineRoot server = new MachineRoot(dir.resolve("server"));
    NodeIdentity self = identity("server-1", "self-password", "m-server");
    NodeRegistry registry = NodeRegistry.open(server, self);

    assertEquals(
        NodeRegistry.Outcome.ACCEPTED,
        registry.register(identity("agent-1", "pw-1", "m-1"), "registered agent-1"));
    assertEquals(
        NodeRegistry.Outcome.PASSWORD_MISMATCH,
        registry.register(identity("agent-1", "pw-2", "m-2"), "registered impostor"));
    assertEquals(
        NodeRegistry.Outcome.PASSWORD_MISMATCH,
        registry.register(identity("server-1", "pw-3", "m-3"), "registered server name"));
    assertEquals(
        NodeRegistry.Outcome.ACCEPTED,
        registry.register(identity("agent-1", "pw-1", "m-1b"), null));

    NodeRegistry reopened = NodeRegistry.open(server, self);
    assertEquals(List.of("agent-1"), reopened.nodes().stream().map(e -> e.info().name()).toList());
    assertEquals("m-1b", reopened.node("agent-1").orElseThrow().info().machineId());
    assertTrue(
        reopened.node("server-1").isEmpty(), "the server's own node is not a registered one");
    assertEquals(
        NodeRegistry.Outcome.PASSWORD_MISMATCH,
        reopened.register(identity("agent-1", "pw-2", "m-2"), null));

    assertEquals(
        List.of("registered agent-1"),
        Files.readAllLines(server.standinState().resolve("registrations.log")));
    Path state = server.standinState().resolve("nodes.json");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)));
    assertFalse(
        Files.readString(state).contains("pw-1"), "only a hash of the node password is kept");
  }

  @Test
  void bootstrap_data_gives_a_joining_server_the_same_cluster_ca() throws Exception {
    Path first = dir.resolve("first/tls");
    ServerCerts cluster = ServerCerts.loadOrCreate(Program.K3S, first, List.of());
    byte[] json = BootstrapData.read(first);

    JsonNode tree = new ObjectMapper().readTree(json);
    assertArrayEquals(
        cluster.serverCaBytes(),
        Base64.getDecoder().decode(tree.path("ServerCA").path("Content").asText()));
    assertFalse(tree.path("ClientCAKey").path("Timestamp").asText().isEmpty());

    Path joining = dir.resolve("joining/tls");
    BootstrapData.write(json, joining);
    ServerCerts joined = ServerCerts.loadOrCreate(Program.K3S, joining, List.of());
    assertArrayEquals(cluster.serverCaBytes(), joined.serverCaBytes());
    assertEquals(cluster.clientCa().certificate(), joined.clientCa().certificate());
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(
            Files.getPosixFilePermissions(joining.resolve("server-ca.key"))));
    assertEquals(
        Token.serverToken(cluster.serverCaBytes(), "pw"),
        Token.serverToken(joined.serverCaBytes(), "pw"));
    BootstrapData.write(json, joining); // a restart of the joined server finds the same files

    Path otherCluster = dir.resolve("other/tls");
    ServerCerts.loadOrCreate(Program.K3S, otherCluster, List.of());
    FatalException refused =
        assertThrows(FatalException.class, () -> BootstrapData.write(json, otherCluster));
    assertTrue(refused.getMessage().contains("belongs to another cluster"), refused.getMessage());
  }

  @Test
  void basic_auth_accepts_node_and_server_with_the_server_password_only() {
    assertEquals("node", BasicAuth.user(basic("node:pw"), "pw").orElseThrow());
    assertEquals("server", BasicAuth.user(basic("server:pw"), "pw").orElseThrow());
    assertTrue(BasicAuth.user(basic("node:wrong"), "pw").isEmpty());
    assertTrue(BasicAuth.user(basic("admin:pw"), "pw").isEmpty());
    assertTrue(BasicAuth.user("Bearer pw", "pw").isEmpty());
  }

  private static NodeIdentity identity(String name, String password, String machineId) {
    return new NodeIdentity(
        new NodeInfo(name, Map.of("kubernetes.io/hostname", name), "127.0.0.1", machineId),
        password);
  }

  private static String basic(String credentials) {
    return "Basic "
        + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
  }

  private static void write(Path file, String text) throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }
}
