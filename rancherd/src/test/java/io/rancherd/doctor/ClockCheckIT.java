package io.rancherd.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rancherd.testing.FakeClock;
import io.rancherd.testing.TestPki;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The clock check against an HTTPS supervisor on loopback whose Date header is set by the test. */
class ClockCheckIT {

  @TempDir Path dir;

  private static ScriptedServer supervisor(String date) {
    TestPki pki = new TestPki("doctor-ca");
    return ScriptedServer.https(
        pki.serverContext(pki.server("supervisor")),
        "HTTP/1.1 200 OK\r\nDate: "
            + date
            + "\r\nContent-Type: text/plain\r\nContent-Length: 4\r\n"
            + "Connection: close\r\n\r\npong");
  }

  private DoctorFixture joining(int port) {
    DoctorFixture node = new DoctorFixture(dir);
    node.config("role: agent\nserver: https://127.0.0.1:" + port + "\ntoken: secret-token\n");
    return node;
  }

  @Test
  void aServerTwoMinutesAhead_fails() throws Exception {
    // FakeClock.START is 2026-11-21T10:00:00Z, a Saturday.
    try (ScriptedServer server = supervisor("Sat, 21 Nov 2026 10:02:00 GMT")) {
      assertEquals(FakeClock.START.plusSeconds(120).toString(), "2026-11-21T10:02:00Z");

      assertEquals(
          "FAIL clock: this node's clock is 120 s behind the server's (Date of https://127.0.0.1:"
              + server.port()
              + "/ping); certificates the server issues start at its own time, so above 60 s TLS and etcd "
              + "break; fix: enable time synchronisation on every node: timedatectl set-ntp true, or chrony",
          joining(server.port()).run(new ClockCheck(), DoctorFixture.passed(TlsCheck.NAME)).line());
    }
  }

  @Test
  void aServerWithTheSameTime_passes() throws Exception {
    try (ScriptedServer server = supervisor("Sat, 21 Nov 2026 10:00:01 GMT")) {
      assertEquals(
          "PASS clock: this node's clock is within 5 s of the server's",
          joining(server.port()).run(new ClockCheck(), DoctorFixture.passed(TlsCheck.NAME)).line());
    }
  }
}
