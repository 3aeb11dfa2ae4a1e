package io.rancherd.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoleCheckTest {

  @TempDir Path dir;

  @Test
  void anAgentWithoutServer_failsWithTheDecisionsError() throws Exception {
    DoctorFixture node = new DoctorFixture(dir);
    Path file = node.config("role: agent\ntoken: secret-token\n");

    assertEquals(
        "FAIL role: "
            + file
            + ":1: server: role agent joins an existing cluster and needs server (the URL of "
            + "a server node, such as https://server1.example.com:8443) and token; server is not set in any config source; "
            + "fix: set server in a config source, then run rancherd doctor again",
        node.run(new RoleCheck()).line());
  }

  @Test
  void noRole_warns() throws Exception {
    DoctorFixture node = new DoctorFixture(dir);
    node.config("kubernetesVersion: v1.30.4+k3s1\n");

    assertEquals(
        "WARN role: no role is configured: rancherd bootstrap does nothing on this node; fix: set role to "
            + "cluster-init (initialize a new cluster), server or agent (join one)",
        node.run(new RoleCheck()).line());
  }

  @Test
  void aConfigThatDidNotLoad_skips() throws Exception {
    DoctorFixture node = new DoctorFixture(dir);
    node.config("role: [\n");

    assertEquals("SKIP role: the config did not load", node.run(new RoleCheck()).line());
  }

  @Test
  void aJoiningAgent_passesWithLabelRuntimeAndReason() throws Exception {
    DoctorFixture node = new DoctorFixture(dir);
    node.config(
        "role: agent\nserver: https://server1.example.com:8443\ntoken: secret-token\n"
            + "kubernetesVersion: v1.30.4+rke2r1\n");

    assertEquals(
        "PASS role: agent on rke2: role agent with server https://server1.example.com:8443: this node joins "
            + "that cluster as an agent",
        node.run(new RoleCheck()).line());
  }
}
