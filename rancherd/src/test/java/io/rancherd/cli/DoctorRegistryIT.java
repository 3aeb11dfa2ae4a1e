package io.rancherd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rancherd.install.Arch;
import io.rancherd.registry.OciLayout;
import io.rancherd.registry.TestRegistry;
import io.rancherd.registry.TestTar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * doctor's {@code registry} check against a real registry on loopback (TLS from a test CA whose
 * file is under --root, htpasswd auth): one line per image the config pulls, passing when the
 * manifest for this node's platform is there, failing with the fix for a wrong password, a missing
 * image and an image without this node's platform; never the password.
 */
class DoctorRegistryIT {

  private static final String WRONG = "wrong-Pa55word";

  @TempDir Path root;
  @TempDir Path tmp;

  @BeforeAll
  static void tools() {
    TestRegistry.requireTools();
  }

  private void push(TestRegistry registry) throws Exception {
    String arch = Arch.current();
    String other = arch.equals("s390x") ? "arm64" : "s390x";
    OciLayout layout = new OciLayout(tmp.resolve("layout"));
    layout.tag("v1", layout.image(arch, new TestTar().file("run.sh", "#!/bin/sh\n", 0755).tarGz()));
    registry.push(layout, "v1", "tools/here");
    layout = new OciLayout(tmp.resolve("layout-other"));
    layout.tag(
        "v1",
        layout.index(
            layout.image(other, new TestTar().file("run.sh", "#!/bin/sh\n", 0755).tarGz())));
    registry.push(layout, "v1", "tools/elsewhere");
  }

  private List<String> registryLines(TestRegistry registry, String password) throws Exception {
    return registryLines(registry, password, "{ca_file: /etc/ssl/registry-ca.pem}");
  }

  private List<String> registryLines(TestRegistry registry, String password, String tls)
      throws Exception {
    Path ca = root.resolve("etc/ssl/registry-ca.pem");
    Files.createDirectories(ca.getParent());
    Files.copy(registry.caFile(), ca, StandardCopyOption.REPLACE_EXISTING);
    Path config = root.resolve("etc/rancher/rancherd/config.yaml");
    Files.createDirectories(config.getParent());
    Files.writeString(
        config,
        """
        role: cluster-init
        token: doctor-registry-token
        systemDefaultRegistry: "%s"
        runtimeInstallerImage: tools/here:v1
        registries:
          configs:
            "%s":
              auth: {username: %s, password: "%s"}
              tls: %s
        preInstructions:
          - {name: missing, image: tools/absent:v1}
        postInstructions:
          - {name: other-arch, image: tools/elsewhere:v1}
        """
            .formatted(registry.host(), registry.host(), TestRegistry.USER, password, tls));

    Launcher.Result r = Launcher.run(root, DoctorCommandIT.NO_PROXY_ENV, "doctor");

    assertEquals(1, r.exitCode(), r::describe);
    assertFalse(r.stdout().contains(password) || r.stderr().contains(password), r::describe);
    return r.stdout().lines().filter(l -> l.contains(" registry: ")).toList();
  }

  @Test
  void eachImage_passesOrFailsWithItsOwnFinding() throws Exception {
    try (TestRegistry registry =
        TestRegistry.start(Files.createDirectory(tmp.resolve("r")), false)) {
      push(registry);
      String host = registry.host();

      List<String> lines = registryLines(registry, TestRegistry.PASSWORD);

      assertEquals(3, lines.size(), lines::toString);
      assertTrue(
          lines
              .get(0)
              .startsWith(
                  "PASS registry: runtimeInstallerImage "
                      + host
                      + "/tools/here:v1: linux/"
                      + Arch.current()
                      + " image at "
                      + host
                      + " (1 layers, "),
          lines.get(0));
      assertTrue(
          lines
              .get(1)
              .startsWith(
                  "FAIL registry: preInstructions[0] "
                      + host
                      + "/tools/absent:v1: registry "
                      + host
                      + " has no "),
          lines.get(1));
      assertTrue(
          lines
              .get(1)
              .endsWith("; fix: check the image name and tag, or push the image to " + host),
          lines.get(1));
      assertTrue(
          lines
              .get(2)
              .startsWith(
                  "FAIL registry: postInstructions[0] "
                      + host
                      + "/tools/elsewhere:v1: registry "
                      + host
                      + " has no linux/"
                      + Arch.current()
                      + " image in "),
          lines.get(2));
      assertTrue(lines.get(2).contains("; fix: push a linux/" + Arch.current()), lines.get(2));
    }
  }

  @Test
  void aWrongPassword_failsEveryImageNamingTheRegistryAndTheFix() throws Exception {
    try (TestRegistry registry =
        TestRegistry.start(Files.createDirectory(tmp.resolve("r")), false)) {
      push(registry);
      String host = registry.host();

      List<String> lines = registryLines(registry, WRONG);

      assertEquals(3, lines.size(), lines::toString);
      for (String line : lines) {
        assertTrue(line.startsWith("FAIL registry: "), line);
        assertTrue(
            line.contains(": registry " + host + " rejected the configured credentials"), line);
        assertTrue(line.contains("; fix: correct registries.configs.\"" + host + "\".auth"), line);
      }
    }
  }

  @Test
  void anUntrustedCertificate_failsWithTheCaFileFix_andInsecureSkipVerifyIsHonoured()
      throws Exception {
    try (TestRegistry registry =
        TestRegistry.start(Files.createDirectory(tmp.resolve("r")), false)) {
      push(registry);
      String host = registry.host();

      List<String> untrusted = registryLines(registry, TestRegistry.PASSWORD, "{}");
      List<String> skipped =
          registryLines(registry, TestRegistry.PASSWORD, "{insecure_skip_verify: true}");

      assertTrue(
          untrusted.get(0).contains("registry " + host + " presented a certificate that is not"),
          untrusted.get(0));
      assertTrue(
          untrusted.get(0).contains("; fix: set registries.configs.\"" + host + "\".tls.ca_file"),
          untrusted.get(0));
      assertTrue(
          skipped.get(0).startsWith("PASS registry: runtimeInstallerImage "), skipped.get(0));
    }
  }
}
