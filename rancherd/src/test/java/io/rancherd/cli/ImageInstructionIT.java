package io.rancherd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rancherd.registry.OciLayout;
import io.rancherd.registry.TestRegistry;
import io.rancherd.registry.TestTar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An instruction's {@code image} against a real registry on loopback (TLS from a test CA whose file
 * is under --root, htpasswd auth, the image named under {@code systemDefaultRegistry}): a bootstrap
 * on the stand-in runs an image-only pre-instruction by system-agent's rule and goes on; a wrong
 * password stops it with one line and nothing run; {@code run-image} by hand refuses an image
 * without run.sh.
 */
class ImageInstructionIT {

  private static final String WORK = "var/lib/rancher/rancherd/instruction-image/pre0-seed";

  @TempDir Path root;
  @TempDir Path configDir;
  @TempDir Path tmp;

  private StandInNode node;

  @BeforeAll
  static void tools() {
    TestRegistry.requireTools();
  }

  @AfterEach
  void stopRuntime() {
    if (node != null) {
      node.stop();
    }
  }

  /**
   * A registry with TLS and basic auth holding the seeder and plain images, its CA copied under
   * --root.
   */
  private TestRegistry seededRegistry() throws Exception {
    TestRegistry registry = TestRegistry.start(Files.createDirectory(tmp.resolve("r")), false);
    pushSeeder(registry);
    caUnderRoot(registry);
    return registry;
  }

  /** Pushes tools/seeder:v1: a run.sh that copies payload.txt of its work dir to $1. */
  private void pushSeeder(TestRegistry registry) throws Exception {
    OciLayout layout = new OciLayout(tmp.resolve("layout"));
    byte[] layer =
        new TestTar()
            .file(
                "run.sh",
                "#!/bin/sh\nset -e\ncat \"$CATTLE_AGENT_EXECUTION_PWD/payload.txt\" > \"$1\"\n"
                    + "echo \"pwd=$(pwd) greeting=$GREETING\" >> \"$1\"\necho seeded \"$1\"\n",
                0755)
            .file("payload.txt", "from the image\n", 0644)
            .tarGz();
    layout.tag("v1", layout.image("amd64", layer));
    registry.push(layout, "v1", "tools/seeder");
    layout = new OciLayout(tmp.resolve("layout-plain"));
    layout.tag("v1", layout.image("amd64", new TestTar().file("data", "x", 0644).tarGz()));
    registry.push(layout, "v1", "tools/plain");
  }

  /** The registry's CA copied under --root, where ca_file names it. */
  private void caUnderRoot(TestRegistry registry) throws Exception {
    Path ca = root.resolve("etc/ssl/registry-ca.pem");
    Files.createDirectories(ca.getParent());
    Files.copy(registry.caFile(), ca, StandardCopyOption.REPLACE_EXISTING);
  }

  private String registryConfig(TestRegistry registry, String password, Path out) {
    return """
        systemDefaultRegistry: "%s"
        registries:
          configs:
            "%s":
              auth: {username: %s, password: "%s"}
              tls: {ca_file: /etc/ssl/registry-ca.pem}
        preInstructions:
          - name: seed
            image: tools/seeder:v1
            args: ["%s"]
            env: [GREETING=hello]
        """
        .formatted(registry.host(), registry.host(), TestRegistry.USER, password, out);
  }

  @Test
  void anImageOnlyPreInstruction_runsItsRunShInItsWorkDir_andTheBootstrapGoesOn() throws Exception {
    try (TestRegistry registry = seededRegistry()) {
      Path out = root.resolve("opt/seeded.txt");
      Files.createDirectories(out.getParent());
      node =
          StandInNode.clusterInit(
              root, configDir, "k3s", registryConfig(registry, TestRegistry.PASSWORD, out));
      Path leftover = root.resolve(WORK).resolveSibling(".pre0-seed.pull-killed");
      Files.createDirectories(leftover.resolve("blobs"));

      Launcher.Result r = node.bootstrap();

      assertEquals(0, r.exitCode(), () -> r.describe(TestRegistry.PASSWORD));
      Path work = root.resolve(WORK);
      assertEquals(
          "from the image\npwd=" + work + " greeting=hello\n",
          Files.readString(out),
          "run.sh ran in its work dir with CATTLE_AGENT_EXECUTION_PWD, the args and the env");
      assertEquals("rwx------", Launcher.mode(work));
      assertFalse(Files.exists(leftover), "the work dir of a killed pull is removed");
      assertTrue(Files.isRegularFile(root.resolve(StandInNode.DATA).resolve("bootstrapped")));
      assertEquals("done", node.steps().get("seed"));
      assertTrue(
          r.stderrLines().stream().anyMatch(l -> l.endsWith("seeded " + out)),
          "run.sh's output is in the step's log");
      assertFalse(r.stdout().contains(TestRegistry.PASSWORD), "no password on stdout");
      assertFalse(r.stderr().contains(TestRegistry.PASSWORD), "no password on stderr");
      assertTrue(
          Launcher.filesContaining(root.resolve(StandInNode.DATA), TestRegistry.PASSWORD).isEmpty(),
          "no password in the data dir");

      Files.delete(out);
      Launcher.Result again = node.bootstrap();
      assertEquals(0, again.exitCode(), again::describe);
      assertFalse(Files.exists(out), "a bootstrapped node runs no instruction again");
    }
  }

  @Test
  void aWrongPassword_isOneLineNamingRegistryImageAndFix_andNothingRuns() throws Exception {
    try (TestRegistry registry = seededRegistry()) {
      Path out = root.resolve("opt/seeded.txt");
      node =
          StandInNode.clusterInit(
              root, configDir, "k3s", registryConfig(registry, "wrong-Pa55word", out));

      Launcher.Result r = node.bootstrap("--step-attempts", "1");

      assertEquals(1, r.exitCode(), r::describe);
      List<String> lines = r.stderrLines();
      String last = lines.get(lines.size() - 1);
      assertTrue(last.startsWith("rancherd: running step seed: exit status 1"), last);
      assertTrue(
          last.contains(
              "pulling "
                  + registry.host()
                  + "/tools/seeder:v1: registry "
                  + registry.host()
                  + " rejected the configured credentials"),
          last);
      assertTrue(
          last.contains("fix: correct registries.configs.\"" + registry.host() + "\".auth"), last);
      assertFalse(r.stderr().contains("wrong-Pa55word"), r::describe);
      assertFalse(r.stdout().contains("wrong-Pa55word"), r::describe);
      assertFalse(Files.exists(out), "nothing ran");
      assertFalse(Files.exists(root.resolve(WORK)), "nothing extracted");
      assertFalse(Files.exists(root.resolve("usr/local/bin/k3s")), "nothing installed");
    }
  }

  @Test
  void aDoneImageStep_isNotRunOrPulledAgain_whenALaterStepFailed() throws Exception {
    try (TestRegistry registry = seededRegistry()) {
      Path out = root.resolve("opt/seeded.txt");
      Files.createDirectories(out.getParent());
      node =
          StandInNode.clusterInit(
              root,
              configDir,
              "k3s",
              registryConfig(registry, TestRegistry.PASSWORD, out)
                  + "  - {name: stop-here, command: /bin/sh, args: [-c, 'exit 3']}\n");

      Launcher.Result first = node.bootstrap("--step-attempts", "1");
      assertEquals(1, first.exitCode(), first::describe);
      assertTrue(Files.exists(out), first::describe);
      Files.delete(out);
      Launcher.Result second = node.bootstrap("--step-attempts", "1");

      assertEquals(1, second.exitCode(), second::describe);
      assertTrue(second.stderr().contains("Step seed is done already"), second::describe);
      assertFalse(second.stderr().contains("pulled "), second::describe);
      assertFalse(Files.exists(out), "the done step did not run again");
    }
  }

  @Test
  void runImageByHand_refusesAnImageWithoutRunShWhenNoCommandIsGiven() throws Exception {
    try (TestRegistry registry = seededRegistry()) {
      Path registries = root.resolve("etc/rancher/k3s/registries.yaml");
      Files.createDirectories(registries.getParent());
      Files.writeString(
          registries,
          "configs:\n  \""
              + registry.host()
              + "\":\n    auth: {username: "
              + TestRegistry.USER
              + ", password: "
              + TestRegistry.PASSWORD
              + "}\n    tls: {ca_file: /etc/ssl/registry-ca.pem}\n");

      Launcher.Result r =
          Launcher.run(
              root,
              "run-image",
              "--image",
              "tools/plain:v1",
              "--default-registry",
              registry.host(),
              "--registries",
              "/etc/rancher/k3s/registries.yaml",
              "--dir",
              "/var/lib/rancher/rancherd/instruction-image/by-hand");

      assertEquals(1, r.exitCode(), r::describe);
      assertEquals(
          "rancherd: running image "
              + registry.host()
              + "/tools/plain:v1: the instruction names no command and the image has no run.sh at"
              + " its root; fix: give the instruction a command, or build the image with an"
              + " executable run.sh",
          r.stderrLines().get(r.stderrLines().size() - 1));

      Launcher.Result withCommand =
          Launcher.run(
              root,
              "run-image",
              "--image",
              registry.host() + "/tools/plain:v1",
              "--registries",
              "/etc/rancher/k3s/registries.yaml",
              "--dir",
              "/var/lib/rancher/rancherd/instruction-image/by-hand",
              "--command",
              "/bin/sh",
              "--",
              "-c",
              "test \"$(cat data)\" = x && exit 7");
      assertEquals(7, withCommand.exitCode(), withCommand::describe);
    }
  }
}
