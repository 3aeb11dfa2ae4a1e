package io.rancherd.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rancherd.testing.TestPki;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tls check against a plain HTTP server and an HTTPS server on loopback. */
class TlsCheckIT {

  @TempDir Path dir;

  private DoctorFixture joining(int port) {
    DoctorFixture node = new DoctorFixture(dir);
    node.config("role: agent\nserver: https://127.0.0.1:" + port + "\ntoken: secret-token\n");
    return node;
  }

  @Test
  void aPlainHttpServer_failsSayingItIsNotTls() throws Exception {
    try (ScriptedServer server = ScriptedServer.plainHttp()) {
      assertEquals(
          "FAIL tls: TLS handshake with 127.0.0.1:"
              + server.port()
              + " failed: the server answered in plain "
              + "text, not TLS; fix: point server at the k3s supervisor (port 6443) or at a Rancher URL of that host; a "
              + "plain-HTTP service or a proxy may be answering on that port",
          joining(server.port()).run(new TlsCheck(), DoctorFixture.passed(TcpCheck.NAME)).line());
    }
  }

  @Test
  void anHttpsServer_passesNamingSubjectAndIssuer_andTellsLaterChecksTheChain() throws Exception {
    TestPki pki = new TestPki("doctor-ca");
    TestPki.Issued leaf = pki.server("supervisor");
    try (ScriptedServer server =
        ScriptedServer.https(pki.serverContext(leaf), "HTTP/1.1 200 OK\r\n\r\n")) {
      DoctorFixture node = joining(server.port());
      Findings findings = new Findings();
      findings.add(DoctorFixture.passed(TcpCheck.NAME));

      Finding finding = new TlsCheck().run(node.context(), findings);

      assertEquals(
          "PASS tls: 127.0.0.1:"
              + server.port()
              + " presents CN=supervisor, issued by CN=doctor-ca",
          finding.line());
      List<X509Certificate> chain = findings.fact(Fact.SERVER_CHAIN).orElseThrow();
      assertEquals(List.of(leaf.certificate(), pki.ca().certificate()), chain);
    }
  }

  @Test
  void noTcpConnection_skips() throws Exception {
    assertEquals(
        "SKIP tls: no TCP connection to 127.0.0.1:6443",
        joining(6443)
            .run(new TlsCheck(), Finding.fail(TcpCheck.NAME, "cannot connect", "fix"))
            .line());
  }
}
