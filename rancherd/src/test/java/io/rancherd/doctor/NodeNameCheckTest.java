package io.rancherd.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeNameCheckTest {

  @TempDir Path dir;

  @Test
  void withoutTheAdminKubeconfig_skipsSayingWhy() throws Exception {
    DoctorFixture node = new DoctorFixture(dir);
    node.config("role: agent\nserver: https://10.0.0.5\ntoken: secret-token\n");

    assertEquals(
        "SKIP node-name: the Kubernetes API is not reachable from this node: there is no "
            + "/etc/rancher/k3s/k3s.yaml (servers have one once k3s has started; agents have none)",
        node.run(new NodeNameCheck()).line());
  }

  @Test
  void anUnusableKubeconfig_skipsNamingTheProblem() throws Exception {
    DoctorFixture node = new DoctorFixture(dir);
    node.config("role: cluster-init\nkubernetesVersion: v1.30.4+rke2r1\n");
    node.files.write("/etc/rancher/rke2/rke2.yaml", "apiVersion: v1\nkind: Config\n");

    assertEquals(
        "SKIP node-name: the Kubernetes API is not reachable from this node: /etc/rancher/rke2/rke2.yaml: "
            + "current-context is not set",
        node.run(new NodeNameCheck()).line());
  }
}
