package io.rancherd.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DnsCheckTest {

  @TempDir Path dir;

  private DoctorFixture joining(String server) {
    DoctorFixture node = new DoctorFixture(dir);
    node.config("role: agent\nserver: " + server + "\ntoken: secret-token\n");
    return node;
  }

  @Test
  void aHostThatDoesNotResolve_failsNamingHostAndCause() throws Exception {
    assertEquals(
        "FAIL dns: cannot resolve nosuch.example.com: Name or service not known; fix: check server in the "
            + "config and the name servers in /etc/resolv.conf, or use the server's IP address",
        joining("https://nosuch.example.com:8443").run(new DnsCheck()).line());
  }

  @Test
  void aHostThatResolves_passesWithItsAddresses() throws Exception {
    DoctorFixture node =
        joining("https://server1.example.com").host("server1.example.com", "10.0.0.5", "10.0.0.6");

    assertEquals(
        "PASS dns: server1.example.com resolves to 10.0.0.5, 10.0.0.6",
        node.run(new DnsCheck()).line());
  }

  @Test
  void anIpAddress_passesWithoutALookup() throws Exception {
    assertEquals(
        "PASS dns: 10.0.0.5 is an IP address: no lookup needed",
        joining("https://10.0.0.5:8443").run(new DnsCheck()).line());
  }

  @Test
  void aClusterInitNode_skips() throws Exception {
    DoctorFixture node = new DoctorFixture(dir);
    node.config("role: cluster-init\n");

    assertEquals(
        "SKIP dns: no server: this node initializes the cluster", node.run(new DnsCheck()).line());
  }

  @Test
  void aDiscoveringNode_skips() throws Exception {
    DoctorFixture node = new DoctorFixture(dir);
    node.config("role: server\ntoken: secret-token\ndiscovery:\n  expectedServers: 3\n");

    assertEquals(
        "SKIP dns: no server: this node finds its server by discovery",
        node.run(new DnsCheck()).line());
  }
}
