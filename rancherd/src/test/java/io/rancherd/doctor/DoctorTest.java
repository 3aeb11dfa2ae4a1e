package io.rancherd.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DoctorTest {

  @TempDir Path dir;

  /** A check that gives what it is told to, or throws it. */
  private static Check check(String name, Function<DoctorContext, Finding> body) {
    return new Check() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Finding run(DoctorContext context, Findings earlier) {
        return body.apply(context);
      }
    };
  }

  @Test
  void aFreshClusterInitNode_getsOneLinePerCheckInOrder() throws Exception {
    DoctorFixture node = new DoctorFixture(dir);
    Path file = node.config("role: cluster-init\n");

    DoctorReport report = Doctor.standard().run(node.context());

    assertEquals(
        List.of(
            "PASS config: 1 source parsed: " + file,
            "PASS role: cluster-init on k3s: this node initializes a new cluster",
            "SKIP dns: no server: this node initializes the cluster",
            "SKIP tcp: no server: this node initializes the cluster",
            "SKIP tls: no server: this node initializes the cluster",
            "SKIP ca: no server: this node initializes the cluster",
            "SKIP token: no server: this node initializes the cluster",
            "SKIP clock: no server: this node initializes the cluster; its clock is the one the others must follow",
            "SKIP node-name: the Kubernetes API is not reachable from this node: there is no /etc/rancher/k3s/k3s.yaml "
                + "(servers have one once k3s has started; agents have none)",
            "PASS proxy: no HTTPS_PROXY or HTTP_PROXY is set",
            "SKIP registry: the config names no image to pull",
            "SKIP service: k3s is not installed (no unit file)",
            "WARN stamps: rancherd has not run on this node; fix: rancherd bootstrap"),
        report.lines());
    assertEquals(0, report.failed());
  }

  @Test
  void aCheckThatThrows_failsAlone_andTheOthersRun() throws Exception {
    DoctorFixture node = new DoctorFixture(dir);
    Doctor doctor =
        new Doctor(
            List.of(
                check(
                    "boom",
                    context -> {
                      throw new IllegalStateException("broken");
                    }),
                check("after", context -> Finding.pass("after", "still ran"))));

    assertEquals(
        List.of(
            "FAIL boom: the check itself failed: java.lang.IllegalStateException: broken; fix: run rancherd doctor --debug "
                + "and report the stack trace",
            "PASS after: still ran"),
        doctor.run(node.context()).lines());
  }

  @Test
  void theTokenNeverAppears_evenWhenACheckQuotesIt() throws Exception {
    DoctorFixture node = new DoctorFixture(dir);
    node.config(
        "role: agent\nserver: https://10.0.0.5\ntoken: K10abc::server:s3cret\n"
            + "extraConfig:\n  agent-token: agent-s3cret\n");
    Doctor doctor =
        new Doctor(
            List.of(
                check(
                    "leaky",
                    context ->
                        Finding.fail(
                            "leaky",
                            "token "
                                + context
                                    .config()
                                    .orElseThrow()
                                    .config()
                                    .cluster()
                                    .token()
                                    .orElseThrow()
                                    .reveal(),
                            "use agent-s3cret"))));

    assertEquals(
        List.of("FAIL leaky: token --redacted--; fix: use --redacted--"),
        doctor.run(node.context()).lines());
  }

  @Test
  void aFindingIsOneLine_withSeveralLinesJoined() {
    assertEquals(
        "WARN x: first | second; fix: do | this",
        Finding.warn("x", "first\nsecond\n", "do\r\n  this").line());
  }

  @Test
  void theJsonReport_hasEveryCheckAndTheNumberOfFailures() {
    DoctorReport report =
        new DoctorReport(
            List.of(
                Finding.pass("config", "1 source parsed: /c.yaml"),
                Finding.fail(
                    "tcp",
                    "cannot connect to 10.0.0.5:6443 (k3s supervisor and Kubernetes API): connection refused",
                    "open 6443/tcp"),
                Finding.skip("clock", "no TLS connection to the supervisor")));

    assertEquals(
        """
        {
          "checks" : [ {
            "check" : "config",
            "status" : "PASS",
            "message" : "1 source parsed: /c.yaml",
            "fix" : null
          }, {
            "check" : "tcp",
            "status" : "FAIL",
            "message" : "cannot connect to 10.0.0.5:6443 (k3s supervisor and Kubernetes API): connection refused",
            "fix" : "open 6443/tcp"
          }, {
            "check" : "clock",
            "status" : "SKIP",
            "message" : "no TLS connection to the supervisor",
            "fix" : null
          } ],
          "failed" : 1
        }""",
        report.json());
    assertEquals(1, report.failed());
  }
}
