package io.rancherd.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 16, acceptance 4: the user-data that {@code rancherd get-token --join-config} prints on a
 * server node, given unchanged to a fresh node, joins it with no other input: its {@code
 * write_files} writes rancherd's config (with this cluster's air-gap source) and its {@code runcmd}
 * runs {@code rancherd bootstrap}.
 */
class JoinConfigE2E {

  @Test
  void freshNodeWithTheJoinConfigAsItsUserDataJoins() {
    try (TestBed bed = TestBed.open()) {
      StandInRuntime k3s = StandInRuntime.K3S;
      Node server =
          bed.node("server-1")
              .withUserData(UserData.of(k3s.clusterInitConfig(), UserData.BOOTSTRAP));
      bed.boot(server);
      server.awaitBootstrapped();
      bed.secrets().add(server.run("rancherd", "get-token").trim());

      String userData = server.run("rancherd", "get-token", "--join-config");
      assertTrue(userData.startsWith("#cloud-config\n"), "not user-data");
      assertTrue(
          !Node.yaml(userData).containsKey("rancherd"),
          "the join config carries a rancherd: key, which cloud-init 23.4+ rejects");

      Node agent = bed.node("agent-1").withUserData(userData);
      bed.boot(agent);
      agent.awaitBootstrapped();

      Map<String, Object> stamp = agent.stamp();
      assertEquals("agent", stamp.get("role"), agent.diagnostics());
      assertTrue(
          agent.active(k3s.agentUnit), k3s.agentUnit + " is not active\n" + agent.diagnostics());
      var schema = agent.exec("cloud-init", "schema", "--system");
      assertEquals(
          0,
          schema.getExitCode(),
          "cloud-init schema --system on the joined node\n"
              + bed.secrets().redact(schema.getStdout() + schema.getStderr()));
      assertEquals(
          "-rw------- root root",
          agent.run("stat", "-c", "%A %U %G", "/etc/rancher/rancherd/config.yaml").trim(),
          "the config file holding the token");
    }
  }
}
