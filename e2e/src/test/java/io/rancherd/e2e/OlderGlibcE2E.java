package io.rancherd.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.MountableFile;

/**
 * Issue 16: on Debian 11 (glibc 2.31, older than the runtime's need) the .deb is refused by dpkg's
 * own dependency check and {@code install.sh} refuses with one line, instead of a node that
 * installs and then fails at every start with "GLIBC_2.34 not found". A real Debian 11 root, not a
 * stand-in for its glibc.
 */
class OlderGlibcE2E {

  private static final String DEB = "/tmp/rancherd.deb";

  /** The tarball under its own name, beside its {@code .sha256} that install.sh checks. */
  private static final String TARBALL = "/tmp/" + E2eFiles.tarball().getFileName();

  private static GenericContainer<?> debian11;

  @BeforeAll
  static void start() {
    DockerEngine.assumeAvailable();
    debian11 =
        new GenericContainer<>(BaseImage.DEBIAN_11.ensure())
            .withCommand("sleep", "infinity")
            .withCopyFileToContainer(MountableFile.forHostPath(E2eFiles.deb()), DEB)
            .withCopyFileToContainer(MountableFile.forHostPath(E2eFiles.tarball()), TARBALL)
            .withCopyFileToContainer(
                MountableFile.forHostPath(E2eFiles.tarball() + ".sha256"), TARBALL + ".sha256");
    debian11.start();
  }

  @AfterAll
  static void stop() {
    if (debian11 != null) {
      debian11.stop();
    }
  }

  @Test
  void dpkg_refusesTheDebWithADependencyErrorOnGlibc231() throws Exception {
    assertTrue(
        run("getconf", "GNU_LIBC_VERSION").getStdout().startsWith("glibc 2.31"),
        "the image is Debian 11");

    Container.ExecResult install = run("dpkg", "-i", DEB);

    assertNotEquals(0, install.getExitCode(), install.getStdout());
    assertTrue(
        install.getStderr().contains("dependency problems prevent configuration of rancherd"),
        install.getStderr());
    assertTrue(
        install.getStderr().matches("(?s).*rancherd depends on libc6 \\(>= 2\\.\\d+\\).*"),
        install.getStderr());
    assertTrue(
        install.getStderr().matches("(?s).*Version of libc6(:\\w+)? on system is 2\\.31-.*"),
        install.getStderr());
    // not configured: its maintainer scripts did not enable the unit
    assertNotEquals(
        "install ok installed",
        run("dpkg-query", "-W", "-f=${Status}", "rancherd").getStdout().trim());
    assertNotEquals(
        0,
        run("test", "-e", "/etc/systemd/system/multi-user.target.wants/rancherd.service")
            .getExitCode());
  }

  @Test
  void installScript_refusesInOneLineAndInstallsNothing() throws Exception {
    String dir = "/tmp/tarball";
    assertEquals(0, run("mkdir", "-p", dir, "/tmp/node").getExitCode());
    assertEquals(0, run("tar", "-xzf", TARBALL, "-C", dir, "--strip-components=1").getExitCode());

    Container.ExecResult install =
        run("sh", dir + "/install.sh", "--tarball", TARBALL, "--root", "/tmp/node");

    assertEquals(1, install.getExitCode(), install.getStdout());
    List<String> lines = install.getStderr().lines().toList();
    assertEquals(1, lines.size(), install.getStderr());
    assertTrue(
        lines
            .get(0)
            .matches(
                "install\\.sh: this node has glibc 2\\.31, and rancherd's runtime needs glibc"
                    + " 2\\.\\d+ or newer .*; nothing was installed"),
        lines.get(0));
    assertNotEquals(0, run("test", "-e", "/tmp/node/usr/lib/rancherd").getExitCode());
  }

  private static Container.ExecResult run(String... command) throws Exception {
    return debian11.execInContainer(command);
  }
}
