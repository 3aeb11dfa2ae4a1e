package io.rancherd.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Container;

/**
 * Issue 6, scenario 4: agents joining a k3s server node. The agent given the token that {@code
 * rancherd get-token} prints on the server joins; an agent with a wrong password in that token, and
 * one whose token pins another cluster's CA, do not: {@code rancherd bootstrap --once} exits 1
 * within a bounded time, and {@code rancherd status} and {@code rancherd doctor} on that node name
 * the cause.
 */
class JoinE2E {

  /**
   * {@code bootstrap --once} of a join that cannot succeed must end well before the exec limit (120
   * s).
   */
  private static final Duration FAILED_JOIN_LIMIT = Duration.ofSeconds(90);

  @Test
  void agentWithGetTokenJoinsAndAgentsWithAWrongTokenOrAnotherCaAreRefusedWithTheCauseNamed() {
    try (TestBed bed = TestBed.open()) {
      StandInRuntime k3s = StandInRuntime.K3S;
      Node server =
          bed.node("server-1")
              .withUserData(UserData.of(k3s.clusterInitConfig(), UserData.BOOTSTRAP));
      bed.boot(server);
      server.awaitBootstrapped();
      String token = bed.secrets().add(server.run("rancherd", "get-token").trim());
      String url = "https://" + server.address() + ":6443";
      JoinToken good = JoinToken.parse(token);
      String wrongPassword = bed.secrets().add(good.withPassword(Secrets.randomHex(16)));
      String otherCa = bed.secrets().add(good.withCaHash(Secrets.randomHex(32)));

      Node agent =
          bed.node("agent-1")
              .withUserData(UserData.of(k3s.agentConfig(url, token), UserData.BOOTSTRAP));
      Node wrongToken =
          bed.node("agent-wrong-token")
              .withUserData(UserData.of(k3s.agentConfig(url, wrongPassword), List.of()));
      Node wrongCa =
          bed.node("agent-other-ca")
              .withUserData(UserData.of(k3s.agentConfig(url, otherCa), List.of()));
      bed.boot(agent, wrongToken, wrongCa);

      agent.awaitBootstrapped();
      Map<String, Object> stamp = agent.stamp();
      assertEquals("agent", stamp.get("role"), agent.diagnostics());
      assertEquals("sha256:" + good.caHash(), stamp.get("serverCa"), agent.diagnostics());
      assertTrue(
          String.valueOf(stamp.get("serverCaVerifiedBy")).contains("token"), agent.diagnostics());
      assertTrue(
          agent.active(k3s.agentUnit), k3s.agentUnit + " is not active\n" + agent.diagnostics());

      refused(bed, wrongToken, "rejected the token", "FAIL token:");
      refused(bed, wrongCa, "CA checksum mismatch", "FAIL ca:");
    }
  }

  /**
   * The node's bootstrap fails in time; status and doctor name {@code cause}, doctor on a line
   * starting {@code doctorCheck}.
   */
  private static void refused(TestBed bed, Node node, String cause, String doctorCheck) {
    Instant start = Instant.now();
    Container.ExecResult bootstrap = node.exec("rancherd", "bootstrap", "--once");
    Duration took = Duration.between(start, Instant.now());
    String output = bed.secrets().redact(bootstrap.getStdout() + bootstrap.getStderr());
    assertEquals(
        1, bootstrap.getExitCode(), node.name() + ": rancherd bootstrap --once\n" + output);
    assertTrue(
        took.compareTo(FAILED_JOIN_LIMIT) < 0,
        node.name() + ": the failed join took " + took.toSeconds() + " s");
    assertFalse(node.isBootstrapped(), node.name() + " is bootstrapped");
    assertTrue(
        output.contains(cause), node.name() + ": bootstrap does not say " + cause + ":\n" + output);

    Container.ExecResult statusRun = node.exec("rancherd", "status");
    assertEquals(1, statusRun.getExitCode(), "status says the attempt failed");
    String status = bed.secrets().redact(statusRun.getStdout());
    Container.ExecResult doctorRun = node.exec("rancherd", "doctor");
    String doctor = bed.secrets().redact(doctorRun.getStdout() + doctorRun.getStderr());
    System.out.printf(
        "E2E %s: bootstrap --once exited %d after %.1f s%n--- rancherd status ---%n%s--- rancherd doctor (exit %d) ---%n%s%n",
        node.name(),
        bootstrap.getExitCode(),
        took.toMillis() / 1000.0,
        status,
        doctorRun.getExitCode(),
        doctor);
    assertTrue(status.contains("bootstrapped: no"), node.name() + ": status\n" + status);
    assertTrue(
        status.contains(cause),
        node.name() + ": status does not name the cause (" + cause + "):\n" + status);
    assertTrue(
        status.contains("(role agent, runtime k3s, attempt 1)")
            && status.contains("running now:  no"),
        node.name()
            + ": status names the decided role and that no bootstrap runs any more:\n"
            + status);
    assertEquals(1, doctorRun.getExitCode(), node.name() + ": doctor\n" + doctor);
    assertTrue(
        doctor.lines().anyMatch(line -> line.startsWith(doctorCheck) && line.contains(cause)),
        node.name()
            + ": doctor has no line "
            + doctorCheck
            + " naming the cause ("
            + cause
            + "):\n"
            + doctor);
  }

  /** A secure join token {@code K10<ca hash>::server:<password>}. */
  private record JoinToken(String caHash, String password) {

    static JoinToken parse(String token) {
      int separator = token.indexOf("::server:");
      if (!token.startsWith("K10") || separator != 3 + 64) {
        throw new AssertionError("not a K10 token (" + token.length() + " characters)");
      }
      return new JoinToken(
          token.substring(3, separator), token.substring(separator + "::server:".length()));
    }

    String withPassword(String other) {
      return "K10" + caHash + "::server:" + other;
    }

    String withCaHash(String other) {
      return "K10" + other + "::server:" + password;
    }
  }
}
