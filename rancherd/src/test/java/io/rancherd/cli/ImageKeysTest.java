package io.rancherd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No image key is silently ignored: {@code plan} shows the image source or refuses the key. */
class ImageKeysTest {

  private static final String BASE =
      "rancherd:\n  role: cluster-init\n  kubernetesVersion: v1.30.2+k3s1\n";

  private static Launcher.Result plan(Path root, Path dir, String extra) {
    Path config = Launcher.write(dir.resolve("config.yaml"), BASE + extra);
    return InProcess.run(root, "plan", "--config", config.toString());
  }

  private static String errorLine(Launcher.Result r) {
    List<String> lines =
        r.stderrLines().stream().filter(l -> !l.matches("^(INFO|WARN|DEBUG).*")).toList();
    assertEquals(1, lines.size(), r::describe);
    return lines.get(0);
  }

  @Test
  void runtimeInstallerImage_isTheInstallSourceShownByPlan(@TempDir Path root, @TempDir Path dir) {
    Launcher.Result r =
        plan(
            root,
            dir,
            "  runtimeInstallerImage: rancher/system-agent-installer-k3s:v1.30.2-k3s1\n"
                + "  systemDefaultRegistry: registry.local:5000\n");

    assertEquals(0, r.exitCode(), r::describe);
    assertTrue(
        r.stdout()
            .contains(
                "\"--image\", \"rancher/system-agent-installer-k3s:v1.30.2-k3s1\","
                    + " \"--default-registry\", \"registry.local:5000\""),
        r::describe);
  }

  @Test
  void rancherInstallerImage_isTheChartSourceShownByPlan(@TempDir Path root, @TempDir Path dir) {
    Launcher.Result r =
        plan(
            root,
            dir,
            "  rancherInstallerImage: rancher/system-agent-installer-rancher:v2.8.0\n"
                + "  systemDefaultRegistry: registry.local:5000\n");

    assertEquals(0, r.exitCode(), r::describe);
    assertTrue(
        r.stdout()
            .contains(
                "\"--image\", \"rancher/system-agent-installer-rancher:v2.8.0\", \"--runtime\","
                    + " \"k3s\", \"--default-registry\", \"registry.local:5000\""),
        r::describe);
    assertTrue(
        r.stderr()
            .contains(
                "Rancher chart from installer image rancher/system-agent-installer-rancher:v2.8.0"),
        r::describe);
  }

  @Test
  void aBadRancherInstallerImage_isRefusedAtPlan(@TempDir Path root, @TempDir Path dir) {
    Launcher.Result r = plan(root, dir, "  rancherInstallerImage: Bad/Rancher\n");

    assertEquals(2, r.exitCode(), r::describe);
    String line = errorLine(r);
    assertTrue(line.contains("config.yaml:4: rancherInstallerImage:"), r::describe);
    assertTrue(line.contains("image \"Bad/Rancher\""), r::describe);
  }

  @Test
  void anImageInstruction_isARunImageStepShownByPlan(@TempDir Path root, @TempDir Path dir) {
    Launcher.Result r =
        plan(
            root,
            dir,
            "  systemDefaultRegistry: registry.local:5000\n"
                + "  registries:\n    configs:\n      registry.local:5000:\n"
                + "        auth: {username: puller, password: pull-Secret-1}\n"
                + "  preInstructions:\n  - name: custom step\n    image: custom/image:1.1.1\n"
                + "    args: [--flag, value]\n    env: [GREETING=hello]\n"
                + "  postInstructions:\n  - name: after\n    image: other:2\n"
                + "    command: /bin/sh\n");

    assertEquals(0, r.exitCode(), r::describe);
    assertTrue(
        r.stdout()
            .contains(
                "\"run-image\", \"--image\", \"custom/image:1.1.1\", \"--dir\","
                    + " \"/var/lib/rancher/rancherd/instruction-image/pre0-custom_step\","
                    + " \"--default-registry\", \"registry.local:5000\", \"--registries\","
                    + " \"/etc/rancher/k3s/registries.yaml\", \"--\", \"--flag\", \"value\""),
        r::describe);
    assertTrue(
        r.stdout()
            .contains(
                "\"--dir\", \"/var/lib/rancher/rancherd/instruction-image/post0-after\","
                    + " \"--default-registry\", \"registry.local:5000\", \"--registries\","
                    + " \"/etc/rancher/k3s/registries.yaml\", \"--command\", \"/bin/sh\", \"--\""),
        r::describe);
    assertTrue(r.stdout().contains("GREETING=hello"), r::describe);
    assertTrue(!r.stdout().contains("pull-Secret-1"), r::describe);
  }

  @Test
  void anInstructionImageWithABadName_isRefusedAtPlan(@TempDir Path root, @TempDir Path dir) {
    Launcher.Result r =
        plan(root, dir, "  postInstructions:\n  - name: custom\n    image: Custom/Image\n");

    assertEquals(2, r.exitCode(), r::describe);
    assertTrue(
        errorLine(r)
            .contains("postInstructions[0].image: instruction \"custom\": image \"Custom/Image\""),
        r::describe);
  }

  @Test
  void aBadImageNameOrRegistriesShape_isRefusedAtPlan(@TempDir Path root, @TempDir Path dir) {
    Launcher.Result r = plan(root, dir, "  runtimeInstallerImage: Bad/Name\n");
    assertEquals(2, r.exitCode(), r::describe);
    assertTrue(errorLine(r).contains("image \"Bad/Name\""), r::describe);

    Launcher.Result shape =
        plan(root, dir, "  registries:\n    mirrors:\n      docker.io:\n        endpoint: one\n");
    assertEquals(2, shape.exitCode(), shape::describe);
    assertTrue(
        errorLine(shape)
            .contains("config key registries.mirrors.docker.io.endpoint: expected a list of URLs"),
        shape::describe);
  }
}
