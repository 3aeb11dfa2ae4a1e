package io.rancherd.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rancherd.config.InstallConfig;
import io.rancherd.error.RancherdException;
import io.rancherd.exec.ProcessRunner;
import io.rancherd.exec.ProcessSpec;
import io.rancherd.exec.SystemProcessRunner;
import io.rancherd.fs.Root;
import io.rancherd.install.InstallRequest;
import io.rancherd.install.RuntimeInstaller;
import io.rancherd.runtime.Runtime;
import io.rancherd.standin.StandInArtifacts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * runtimeInstallerImage for RKE2, below the plan: the stand-in RKE2 packaged as {@code
 * rancher/system-agent-installer-rke2} (runtimes.md §1.3: {@code installer.sh}, {@code
 * rke2.linux-<arch>.tar.gz}, {@code sha256sum-<arch>.txt}, {@code run.sh}) is pulled through a
 * mirror with basic auth and installed through rancherd's air-gap path. The node then has what the
 * image's own {@code run.sh} leaves: the binary and units under {@code /usr/local}, and the proxy
 * variables in the unit's environment file ({@code /etc/default/rke2-server}, rancherd's
 * counterpart of the image's {@code rke2-sa.env}, 0600). A wrong password or a tampered layer
 * installs nothing.
 */
class Rke2FromImageIT {

  private static final String UPSTREAM = "127.0.0.1:" + TestRegistry.freePort();
  private static final String TAG = StandInArtifacts.RKE2_VERSION.replace('+', '-');
  private static final String IMAGE = "rancher/system-agent-installer-rke2";
  private static final String ARCH = StandInArtifacts.arch();

  /** Nothing listens on the discard port of loopback: a proxy that is never used, only passed. */
  private static final String PROXY = "http://127.0.0.1:9";

  /**
   * The image's run.sh as {@code rancher/system-agent-installer-rke2}'s works (runtimes.md §1.3);
   * rancherd does not run it.
   */
  private static final String RUN_SH =
      """
      #!/bin/sh
      set -e
      cd "${CATTLE_AGENT_EXECUTION_PWD:-$(dirname "$0")}"
      INSTALL_RKE2_ARTIFACT_PATH="$PWD" INSTALL_RKE2_TAR_PREFIX=/usr/local sh ./installer.sh
      mkdir -p /var/lib/rancher/rke2/system-agent-installer
      (umask 077; env | grep -E '^(RKE2_|HTTP_PROXY|HTTPS_PROXY|NO_PROXY)' \\
        > /var/lib/rancher/rke2/system-agent-installer/rke2-sa.env || true)
      systemctl daemon-reload
      systemctl enable "rke2-${INSTALL_RKE2_TYPE:-${INSTALL_RKE2_EXEC:-server}}"
      """;

  @TempDir Path tmp;

  @BeforeAll
  static void tools() {
    TestRegistry.requireTools();
  }

  /** Pushes the installer image; returns its one layer (gzip), for a test that tampers with it. */
  private byte[] pushRke2Installer(TestRegistry registry) throws Exception {
    Path artifacts = StandInArtifacts.rke2Airgap(tmp.resolve("artifacts"));
    String tarball = "rke2.linux-" + ARCH + ".tar.gz";
    String checksums = "sha256sum-" + ARCH + ".txt";
    byte[] layer =
        new TestTar()
            .file("installer.sh", Files.readString(artifacts.resolve("install.sh")), 0755)
            .entry(tarball, '0', 0644, Files.readAllBytes(artifacts.resolve(tarball)), "")
            .file(checksums, Files.readString(artifacts.resolve(checksums)), 0644)
            .file("run.sh", RUN_SH, 0755)
            .tarGz();
    OciLayout layout = new OciLayout(tmp.resolve("layout"));
    layout.tag(TAG, layout.image(ARCH, layer));
    registry.push(layout, TAG, IMAGE);
    return layer;
  }

  /** Installs RKE2 (server) from the image under {@code root}; returns the failure, or null. */
  private RancherdException install(Path root, String password, TestRegistry registry)
      throws Exception {
    registry.writeMirrorConfig(root, "rke2", UPSTREAM, password);
    // the stand-in's install script keeps every machine path under STANDIN_ROOT
    ProcessRunner system = new SystemProcessRunner();
    ProcessRunner underRoot =
        spec -> {
          Map<String, String> env = new HashMap<>(spec.env());
          env.put("STANDIN_ROOT", root.toString());
          return system.run(
              new ProcessSpec(
                  spec.argv(),
                  env,
                  spec.workDir(),
                  spec.timeout(),
                  spec.logPrefix(),
                  spec.outputFile()));
        };
    RuntimeInstaller installer =
        RuntimeInstaller.online(
            new Root(root),
            "/var/lib/rancher/rancherd",
            underRoot,
            Map.of("HTTPS_PROXY", PROXY, "NO_PROXY", "127.0.0.1,localhost"),
            ARCH,
            Duration.ofMinutes(1));
    InstallRequest request =
        new InstallRequest(
            Runtime.RKE2,
            true,
            StandInArtifacts.RKE2_VERSION,
            InstallConfig.Source.AUTO,
            Optional.empty(),
            Optional.empty(),
            List.of(),
            Optional.of(IMAGE + ":" + TAG),
            Optional.of(UPSTREAM));
    try {
      installer.install(request);
      return null;
    } catch (RancherdException e) {
      return e;
    }
  }

  @Test
  void rke2IsInstalledFromItsInstallerImage_asTheImagesRunShWouldLeaveIt() throws Exception {
    try (TestRegistry registry =
        TestRegistry.start(Files.createDirectory(tmp.resolve("r")), false)) {
      pushRke2Installer(registry);
      Path root = Files.createDirectory(tmp.resolve("root"));

      RancherdException failure = install(root, TestRegistry.PASSWORD, registry);

      assertEquals(null, failure);
      Path binary = root.resolve("usr/local/bin/rke2");
      assertTrue(Files.isExecutable(binary), "no executable " + binary);
      assertEquals(
          rke2FromTarball(), Files.readString(binary), "the binary is not the image's tarball's");
      Path unit = root.resolve("usr/local/lib/systemd/system/rke2-server.service");
      assertTrue(
          Files.readString(unit).contains("ExecStart=" + root + "/usr/local/bin/rke2 server"),
          "the unit does not start the installed binary: " + Files.readString(unit));
      assertTrue(
          Files.isRegularFile(root.resolve("usr/local/lib/systemd/system/rke2-agent.service")));

      Path envFile = root.resolve("etc/default/rke2-server");
      String env = Files.readString(envFile);
      assertTrue(env.contains("HTTPS_PROXY=\"" + PROXY + "\""), env);
      assertTrue(env.contains("NO_PROXY=\"127.0.0.1,localhost"), env);
      assertEquals(
          "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(envFile)));

      // the artifact path the install script got was the image's contents, extracted
      Path extracted = root.resolve("var/lib/rancher/rancherd/installer-image/rke2");
      assertTrue(Files.isRegularFile(extracted.resolve("run.sh")));
      assertTrue(
          Files.readString(root.resolve("var/lib/standin/install-rke2.env"))
              .contains("INSTALL_RKE2_ARTIFACT_PATH=" + extracted),
          "the install script was not given the extracted image as its artifact path");
    }
  }

  @Test
  void aWrongPassword_installsNothing() throws Exception {
    try (TestRegistry registry =
        TestRegistry.start(Files.createDirectory(tmp.resolve("r")), false)) {
      pushRke2Installer(registry);
      Path root = Files.createDirectory(tmp.resolve("root"));

      RancherdException failure = install(root, "not-the-password", registry);

      assertTrue(failure instanceof RegistryException, String.valueOf(failure));
      assertTrue(failure.getMessage().contains("rejected the configured credentials"));
      assertTrue(failure.getMessage().contains(IMAGE), failure.getMessage());
      assertFalse(failure.getMessage().contains("not-the-password"));
      assertNothingInstalled(root);
    }
  }

  @Test
  void aTamperedLayer_isRefused_andNothingIsInstalled() throws Exception {
    try (TestRegistry registry =
        TestRegistry.start(Files.createDirectory(tmp.resolve("r")), false)) {
      byte[] layer = pushRke2Installer(registry);
      Path blob = registry.blobFile(OciLayout.digest(layer));
      byte[] bytes = Files.readAllBytes(blob);
      bytes[bytes.length / 2] ^= 0x55;
      Files.write(blob, bytes);
      Path root = Files.createDirectory(tmp.resolve("root"));

      RancherdException failure = install(root, TestRegistry.PASSWORD, registry);

      assertTrue(failure instanceof RegistryException, String.valueOf(failure));
      assertTrue(failure.getMessage().contains(OciLayout.digest(layer)), failure.getMessage());
      assertNothingInstalled(root);
    }
  }

  private static void assertNothingInstalled(Path root) {
    assertFalse(Files.exists(root.resolve("usr/local/bin/rke2")), "rke2 was installed");
    assertFalse(Files.exists(root.resolve("usr/local/lib/systemd/system/rke2-server.service")));
    assertFalse(Files.exists(root.resolve("etc/default/rke2-server")));
    assertFalse(
        Files.exists(root.resolve("var/lib/rancher/rancherd/installer-image/rke2")),
        "the image was extracted");
    assertFalse(
        Files.exists(root.resolve("var/lib/standin/install-rke2.env")), "the install script ran");
  }

  /** {@code bin/rke2} of the stand-in's tarball: its launcher of this JVM. */
  private static String rke2FromTarball() {
    return StandInArtifacts.launcher("rke2", StandInArtifacts.RKE2_VERSION);
  }
}
