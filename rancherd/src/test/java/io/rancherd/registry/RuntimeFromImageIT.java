package io.rancherd.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rancherd.config.InstallConfig;
import io.rancherd.error.RancherdException;
import io.rancherd.exec.SystemProcessRunner;
import io.rancherd.fs.Root;
import io.rancherd.install.InstallRequest;
import io.rancherd.install.RuntimeInstaller;
import io.rancherd.runtime.Runtime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * runtimeInstallerImage end to end below the plan: install-runtime's installer pulls the k3s
 * installer image through a mirror with auth (settings read from the runtime's registries.yaml),
 * stages its binary and runs its install script with the air-gap variables.
 */
class RuntimeFromImageIT {

  private static final String UPSTREAM = "127.0.0.1:" + TestRegistry.freePort();

  @TempDir Path tmp;

  @BeforeAll
  static void tools() {
    TestRegistry.requireTools();
  }

  private void pushK3sInstaller(TestRegistry registry) throws Exception {
    OciLayout layout = new OciLayout(tmp.resolve("layout"));
    byte[] layer =
        new TestTar()
            .file(
                "installer.sh",
                "#!/bin/sh\necho \"skip=$INSTALL_K3S_SKIP_DOWNLOAD\" > \"$INSTALL_K3S_BIN_DIR/installed-by-image\"\n",
                0755)
            .file("run.sh", "#!/bin/sh\nexit 1\n", 0755)
            .file("k3s", "#!/bin/sh\necho k3s from the image\n", 0755)
            .tarGz();
    layout.tag("v1.30.2-k3s1", layout.image("amd64", layer));
    registry.push(layout, "v1.30.2-k3s1", "rancher/system-agent-installer-k3s");
  }

  private RancherdException install(Path root, String password, TestRegistry registry)
      throws Exception {
    registry.writeMirrorConfig(root, "k3s", UPSTREAM, password);
    Files.createDirectories(root.resolve("usr/local/bin"));
    RuntimeInstaller installer =
        RuntimeInstaller.online(
            new Root(root),
            "/var/lib/rancher/rancherd",
            new SystemProcessRunner(),
            Map.of(),
            "amd64",
            Duration.ofMinutes(1));
    InstallRequest request =
        new InstallRequest(
            Runtime.K3S,
            true,
            "v1.30.2+k3s1",
            InstallConfig.Source.AUTO,
            Optional.empty(),
            Optional.empty(),
            List.of(),
            Optional.of("rancher/system-agent-installer-k3s:v1.30.2-k3s1"),
            Optional.of(UPSTREAM));
    try {
      installer.install(request);
      return null;
    } catch (RancherdException e) {
      return e;
    }
  }

  @Test
  void theRuntimeIsInstalledFromItsInstallerImageThroughAMirror() throws Exception {
    try (TestRegistry registry =
        TestRegistry.start(Files.createDirectory(tmp.resolve("r")), false)) {
      pushK3sInstaller(registry);
      Path root = Files.createDirectory(tmp.resolve("root"));

      RancherdException failure = install(root, TestRegistry.PASSWORD, registry);

      assertEquals(null, failure);
      assertEquals(
          "#!/bin/sh\necho k3s from the image\n",
          Files.readString(root.resolve("usr/local/bin/k3s")));
      assertEquals(
          "skip=true\n", Files.readString(root.resolve("usr/local/bin/installed-by-image")));
    }
  }

  @Test
  void aWrongPassword_installsNothing() throws Exception {
    try (TestRegistry registry =
        TestRegistry.start(Files.createDirectory(tmp.resolve("r")), false)) {
      pushK3sInstaller(registry);
      Path root = Files.createDirectory(tmp.resolve("root"));

      RancherdException failure = install(root, "not-the-password", registry);

      assertTrue(failure instanceof RegistryException, String.valueOf(failure));
      assertTrue(failure.getMessage().contains("rejected the configured credentials"));
      assertFalse(failure.getMessage().contains("not-the-password"));
      assertFalse(Files.exists(root.resolve("usr/local/bin/k3s")));
      assertFalse(Files.exists(root.resolve("var/lib/rancher/rancherd/installer-image/k3s")));
    }
  }
}
