package io.rancherd.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rancherd.runtime.Runtime;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TcpCheckTest {

  @TempDir Path dir;

  @Test
  void k3s_isOnePortForSupervisorAndApi_whateverPortTheServerUrlNames() {
    assertEquals(
        List.of(new Endpoint("lb.example.com", 7443, "k3s supervisor and Kubernetes API")),
        TcpCheck.endpoints(URI.create("https://lb.example.com:7443"), Runtime.K3S));
  }

  @Test
  void rke2_isTheSupervisorPortAndTheApiPort() {
    assertEquals(
        List.of(
            new Endpoint("10.0.0.5", 9345, "rke2 supervisor"),
            new Endpoint("10.0.0.5", 6443, "rke2 Kubernetes API")),
        TcpCheck.endpoints(URI.create("https://10.0.0.5:9345"), Runtime.RKE2));
  }

  @Test
  void ipv6_hostsLoseTheirBrackets() {
    assertEquals(
        "[fd00::5]:6443",
        TcpCheck.endpoints(URI.create("https://[fd00::5]:6443"), Runtime.K3S).get(0).address());
  }

  @Test
  void aServerThatDoesNotResolve_skips() throws Exception {
    DoctorFixture node = new DoctorFixture(dir);
    node.config("role: agent\nserver: https://nosuch.example.com\ntoken: secret-token\n");

    assertEquals(
        "SKIP tcp: the server host does not resolve",
        node.run(new TcpCheck(), Finding.fail(DnsCheck.NAME, "cannot resolve", "fix")).line());
  }

  @Test
  void aClusterInitNode_skips() throws Exception {
    DoctorFixture node = new DoctorFixture(dir);
    node.config("role: cluster-init\n");

    assertEquals(
        "SKIP tcp: no server: this node initializes the cluster", node.run(new TcpCheck()).line());
  }
}
