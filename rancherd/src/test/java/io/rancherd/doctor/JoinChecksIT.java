package io.rancherd.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rancherd.join.FakeSupervisor;
import io.rancherd.testing.TestPki;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ca and token checks against a supervisor on loopback with BouncyCastle certificates. */
class JoinChecksIT {

  private static final String PASSWORD = "doctor-it-password-31";

  @TempDir Path dir;

  private final TestPki cluster = new TestPki("k3s-server-ca@7");
  private FakeSupervisor supervisor;

  @AfterEach
  void stop() {
    if (supervisor != null) {
      supervisor.close();
    }
  }

  private Findings run(TestPki presented, String token, String extra) throws Exception {
    supervisor = new FakeSupervisor(presented, PASSWORD);
    DoctorFixture node = new DoctorFixture(dir);
    node.config(
        "role: agent\nserver: " + supervisor.url() + "\ntoken: \"" + token + "\"\n" + extra);
    Findings findings = new Findings();
    findings.add(DoctorFixture.passed(TlsCheck.NAME));
    DoctorContext context = node.context();
    findings.add(new CaCheck().run(context, findings));
    findings.add(new TokenCheck().run(context, findings));
    return findings;
  }

  private String hash(TestPki pki) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256")
                .digest(pki.caPem().getBytes(StandardCharsets.UTF_8)));
  }

  private String line(Findings findings, String check) {
    return findings.of(check).orElseThrow().line();
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({
    "k3s,9345,v1.30.2+rke2r1",
    "rke2,6443,v1.30.2+k3s1"
  })
  void aServerOfTheOtherRuntimeIsNamedAsBootstrapNamesIt(String runs, int port, String version)
      throws Exception {
    supervisor = new FakeSupervisor(cluster, PASSWORD, "127.0.0.3", port == 9345 ? 6443 : 9345);
    DoctorFixture node = new DoctorFixture(dir);
    node.config(
        "role: agent\nserver: https://127.0.0.3\ntoken: t\nkubernetesVersion: " + version + "\n");
    Findings findings = new Findings();
    findings.add(DoctorFixture.passed(DnsCheck.NAME));

    Finding tcp = new TcpCheck().run(node.context(), findings);

    String configured = runs.equals("k3s") ? "rke2" : "k3s";
    assertEquals(Status.FAIL, tcp.status(), tcp.line());
    assertTrue(
        tcp.message().startsWith("127.0.0.3 runs " + runs + ", not " + configured + ": "),
        tcp.line());
    assertTrue(tcp.fix().orElseThrow().contains("set kubernetesVersion"), tcp.line());
  }

  @Test
  void matchingTokenPassesBothChecks() throws Exception {
    Findings findings = run(cluster, "K10" + hash(cluster) + "::server:" + PASSWORD, "");

    assertEquals(
        "PASS ca: the CA of "
            + supervisor.url()
            + " is sha256 "
            + hash(cluster)
            + ", verified by the CA hash in the token",
        line(findings, CaCheck.NAME));
    assertEquals(
        "PASS token: the k3s supervisor "
            + supervisor.url()
            + " accepts the token (HTTP 200 for user node)",
        line(findings, TokenCheck.NAME));
  }

  @Test
  void anotherCa_failsTheCaCheck_andTheTokenIsNotSent() throws Exception {
    TestPki other = new TestPki("k3s-server-ca@8");
    Findings findings = run(other, "K10" + hash(cluster) + "::server:" + PASSWORD, "");

    assertEquals(
        "FAIL ca: CA checksum mismatch for "
            + supervisor.url()
            + ": server presented sha256 "
            + hash(other)
            + ", token expects "
            + hash(cluster)
            + " — wrong server, a re-installed server, or a man in the middle; the "
            + "token was not sent; fix: take the token (or caChecksum) from `rancherd get-token` on a server of the "
            + "cluster to join",
        line(findings, CaCheck.NAME));
    assertEquals(
        "SKIP token: not sent: the CA of the supervisor is not verified (see the ca check), and the token "
            + "goes only to a verified server",
        line(findings, TokenCheck.NAME));
    assertFalse(
        supervisor.receivedCredentials(), "doctor sent credentials to an unverified server");
  }

  @Test
  void caChecksumMismatch_fails() throws Exception {
    String other = "cd".repeat(32);
    Findings findings = run(cluster, PASSWORD, "caChecksum: sha256:" + other + "\n");

    assertEquals(
        "FAIL ca: CA checksum mismatch for "
            + supervisor.url()
            + ": server presented sha256 "
            + hash(cluster)
            + ", caChecksum expects "
            + other
            + " — wrong server, a re-installed server, or a man in the middle; the "
            + "token was not sent; fix: take the token (or caChecksum) from `rancherd get-token` on a server of the "
            + "cluster to join",
        line(findings, CaCheck.NAME));
  }

  @Test
  void shortTokenAlone_warnsThatNothingVerifiesTheCa() throws Exception {
    Findings findings = run(cluster, PASSWORD, "");

    assertEquals(
        "WARN ca: nothing verifies the CA of "
            + supervisor.url()
            + " (sha256 "
            + hash(cluster)
            + "): the "
            + "token is a short token (no K10 CA hash) and caChecksum is not set; bootstrap would trust it on first use; "
            + "fix: use the secure token `rancherd get-token` prints on a server, or set caChecksum: sha256:"
            + hash(cluster)
            + " after checking that value on the server",
        line(findings, CaCheck.NAME));
    assertFalse(supervisor.receivedCredentials());
  }

  @Test
  void shortTokenAlone_failsWhenVerificationIsRequired() throws Exception {
    Findings findings = run(cluster, PASSWORD, "requireVerifiedCa: true\n");

    assertEquals(
        "FAIL ca: refusing to join "
            + supervisor.url()
            + ": nothing verifies the CA it presents (sha256 "
            + hash(cluster)
            + "): the token is a short token (no K10 CA hash) and caChecksum is not set, and "
            + "requireVerifiedCa is true; fix: use the secure token `rancherd get-token` prints on a server "
            + "(K10<hash>::server:<password>), or set caChecksum: sha256:"
            + hash(cluster)
            + " after checking that value "
            + "on the server",
        line(findings, CaCheck.NAME));
  }

  @Test
  void wrongPassword_failsTheTokenCheck() throws Exception {
    Findings findings = run(cluster, "K10" + hash(cluster) + "::server:not-the-password", "");

    assertEquals(
        "FAIL token: the k3s supervisor "
            + supervisor.url()
            + " rejected the token (HTTP 401 for user node): "
            + "it is not this cluster's token; fix: use the token `rancherd get-token` prints on a server of that cluster",
        line(findings, TokenCheck.NAME));
  }
}
