package io.rancherd.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsServer;
import io.rancherd.testing.TestPki;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node-name check against an HTTPS API server on loopback that requires a client certificate,
 * as kube-apiserver does, with the k3s admin kubeconfig under the test root.
 */
class NodeNameCheckIT {

  static final String THIS_MACHINE = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
  static final String OTHER_MACHINE = "aaaabbbbccccddddeeeeffff00001111";

  @TempDir Path dir;
  final TestPki pki = new TestPki("k3s-server-ca");
  final Map<String, String> nodes = new ConcurrentHashMap<>();
  HttpsServer apiserver;
  DoctorFixture node;

  @BeforeEach
  void start() throws Exception {
    apiserver = pki.httpsServer("kube-apiserver", true);
    apiserver.createContext("/api/v1/nodes/", this::serveNode);
    apiserver.start();
    node = new DoctorFixture(dir.resolve("root"));
    node.config("role: cluster-init\nnodeName: node1\n");
    node.files.write("/etc/machine-id", THIS_MACHINE + "\n");
    writeAdminKubeconfig();
  }

  @AfterEach
  void stop() {
    apiserver.stop(0);
  }

  private void serveNode(HttpExchange exchange) throws IOException {
    String name = exchange.getRequestURI().getPath().substring("/api/v1/nodes/".length());
    String machineId = nodes.get(name);
    String body =
        machineId == null
            ? "{\"kind\":\"Status\",\"status\":\"Failure\",\"reason\":\"NotFound\",\"code\":404}"
            : "{\"kind\":\"Node\",\"metadata\":{\"name\":\""
                + name
                + "\"},\"status\":{\"nodeInfo\":{\"machineID\":\""
                + machineId
                + "\"}}}";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(machineId == null ? 404 : 200, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  private void writeAdminKubeconfig() throws IOException {
    Path k3s = node.path("/etc/rancher/k3s");
    Files.createDirectories(k3s);
    TestPki.write(dir.resolve("ca.crt"), pki.ca().certificate());
    pki.client("system:admin").writePem(k3s.resolve("admin.crt"), k3s.resolve("admin.key"));
    String caData = Base64.getEncoder().encodeToString(Files.readAllBytes(dir.resolve("ca.crt")));
    Files.writeString(
        k3s.resolve("k3s.yaml"),
        """
        apiVersion: v1
        kind: Config
        current-context: default
        clusters:
        - name: default
          cluster:
            certificate-authority-data: %s
            server: https://127.0.0.1:%d
        contexts:
        - name: default
          context:
            cluster: default
            user: default
        users:
        - name: default
          user:
            client-certificate: admin.crt
            client-key: admin.key
        """
            .formatted(caData, apiserver.getAddress().getPort()));
  }

  @Test
  void aNodeOfTheSameNameOnAnotherMachine_failsNamingBothMachines() throws Exception {
    nodes.put("node1", OTHER_MACHINE);

    assertEquals(
        "FAIL node-name: node node1 is registered to another machine: its machine-id is "
            + OTHER_MACHINE
            + ", this machine's is "
            + THIS_MACHINE
            + "; fix: set nodeName to a unique name, or remove the old node: "
            + "kubectl delete node node1",
        node.run(new NodeNameCheck()).line());
  }

  @Test
  void theNodeOfThisMachine_passes() throws Exception {
    nodes.put("node1", THIS_MACHINE);

    assertEquals(
        "PASS node-name: node node1 is registered to this machine (machine-id "
            + THIS_MACHINE
            + ")",
        node.run(new NodeNameCheck()).line());
  }

  @Test
  void noNodeOfThatName_passes() throws Exception {
    assertEquals(
        "PASS node-name: no node named node1 is registered yet",
        node.run(new NodeNameCheck()).line());
  }
}
