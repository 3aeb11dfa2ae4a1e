package io.rancherd.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryCheckTest {

  @TempDir Path dir;

  @Test
  void aConfigWithoutImages_isSkipped() throws Exception {
    DoctorFixture node = new DoctorFixture(dir);
    node.config("role: cluster-init\ntoken: t\nregistries: {configs: {a.example: {}}}\n");

    assertEquals(
        "SKIP registry: the config names no image to pull",
        node.run(new RegistryCheck("amd64")).line());
  }

  @Test
  void theImagesChecked_areEveryImageKeyTheConfigPulls() throws Exception {
    DoctorFixture node = new DoctorFixture(dir);
    node.config(
        """
        role: cluster-init
        token: t
        runtimeInstallerImage: rancher/system-agent-installer-k3s:v1.30.2-k3s1
        rancherInstallerImage: rancher/system-agent-installer-rancher:v2.8.5
        preInstructions:
          - {name: a, command: /bin/true}
          - {name: b, image: tools/b:1}
        postInstructions:
          - {name: c, image: tools/c:1, command: /bin/sh}
        """);

    assertEquals(
        List.of(
            "runtimeInstallerImage",
            "rancherInstallerImage",
            "preInstructions[1]",
            "postInstructions[0]"),
        List.copyOf(RegistryCheck.images(node.context().config().orElseThrow().config()).keySet()));
  }

  @Test
  void installSourceImage_checksTheDefaultInstallerImages() throws Exception {
    DoctorFixture node = new DoctorFixture(dir);
    node.config(
        """
        role: cluster-init
        token: t
        installSource: image
        kubernetesVersion: v1.30.2+k3s1
        rancherVersion: v2.8.5
        """);

    assertEquals(
        java.util.Map.of(
            "installSource image (runtime)",
            "rancher/system-agent-installer-k3s:v1.30.2-k3s1",
            "installSource image (Rancher)",
            "rancher/system-agent-installer-rancher:v2.8.5"),
        RegistryCheck.images(node.context().config().orElseThrow().config()));
  }

  @Test
  void aBadImageName_failsNamingTheKey_withoutContactingAnything() throws Exception {
    DoctorFixture node = new DoctorFixture(dir);
    node.config("role: cluster-init\ntoken: t\npreInstructions:\n  - {name: b, image: Bad/Name}\n");

    String line = node.run(new RegistryCheck("amd64")).line();

    assertEquals(
        "FAIL registry: preInstructions[0]: image \"Bad/Name\": the repository \"Bad/Name\" is not"
            + " a valid repository name; expected [registry/]repository[:tag][@digest]; fix:"
            + " correct preInstructions[0]",
        line);
  }
}
