package io.rancherd.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tcp check against real sockets on loopback. */
class TcpCheckIT {

  @TempDir Path dir;

  private DoctorFixture joining(int port) {
    DoctorFixture node = new DoctorFixture(dir);
    node.config("role: agent\nserver: https://127.0.0.1:" + port + "\ntoken: secret-token\n");
    return node;
  }

  @Test
  void aClosedPort_failsWithTheCauseAndTheFix() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }

    assertEquals(
        "FAIL tcp: cannot connect to 127.0.0.1:"
            + port
            + " (k3s supervisor and Kubernetes API): connection "
            + "refused; fix: check that k3s runs on the server and that every firewall between this node and the server "
            + "lets "
            + port
            + "/tcp through",
        joining(port).run(new TcpCheck(), DoctorFixture.passed(DnsCheck.NAME)).line());
  }

  @Test
  void anOpenPort_passes() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = server.getLocalPort();

      assertEquals(
          "PASS tcp: 127.0.0.1:"
              + port
              + " (k3s supervisor and Kubernetes API) accepts connections",
          joining(port).run(new TcpCheck(), DoctorFixture.passed(DnsCheck.NAME)).line());
    }
  }
}
