package io.rancherd.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rancherd.config.InstallConfig.Source;
import io.rancherd.error.InvalidInputException;
import io.rancherd.error.RancherdException;
import io.rancherd.fs.Root;
import io.rancherd.runtime.Runtime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstallSourcesTest {

  @TempDir Path tmp;

  /** The network side of an online install; a test that reaches it has chosen the wrong source. */
  private static final ReleaseSource OFFLINE =
      new ReleaseSource() {
        @Override
        public String resolveKubernetesVersion(String kubernetesVersion) throws RancherdException {
          throw new RancherdException("no network in this test");
        }

        @Override
        public String downloadInstallScript(Optional<String> url, Runtime runtime, Path target)
            throws RancherdException {
          throw new RancherdException("no network in this test");
        }
      };

  private InstallSource choose(Source source, Optional<String> airgapDir)
      throws InvalidInputException {
    InstallRequest request =
        new InstallRequest(
            Runtime.K3S, true, "stable", source, airgapDir, Optional.empty(), List.of());
    return InstallSources.choose(
        request, new Root(tmp), "/var/lib/rancher/rancherd", "amd64", OFFLINE, null);
  }

  @Test
  void auto_isTheAirgapDirectoryWhenOneIsGiven_elseTheScript() throws Exception {
    assertInstanceOf(AirgapSource.class, choose(Source.AUTO, Optional.of("/opt/airgap")));
    assertInstanceOf(OnlineScriptSource.class, choose(Source.AUTO, Optional.empty()));
  }

  @Test
  void image_needsAnImageAndIsTheImageSourceWithOne() throws Exception {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> choose(Source.IMAGE, Optional.of("/opt/airgap")));
    assertEquals(
        "installing k3s from an installer image: none is given; pass --image NAME", e.getMessage());
    InstallRequest request =
        new InstallRequest(
            Runtime.K3S,
            true,
            "v1.30.2+k3s1",
            Source.IMAGE,
            Optional.empty(),
            Optional.empty(),
            List.of(),
            Optional.of("rancher/system-agent-installer-k3s:v1.30.2-k3s1"),
            Optional.empty());
    assertInstanceOf(
        ImageSource.class,
        InstallSources.choose(
            request, new Root(tmp), "/var/lib/rancher/rancherd", "amd64", OFFLINE, null));
  }

  @Test
  void script_downloadsEvenWhenAnAirgapDirectoryIsGiven() throws Exception {
    assertInstanceOf(OnlineScriptSource.class, choose(Source.SCRIPT, Optional.of("/opt/airgap")));
  }

  @Test
  void theScriptSource_refusesALinkedInstallerDirectory_beforeAnyDownload() throws Exception {
    Path outside = Files.createDirectories(tmp.resolve("elsewhere"));
    Path installer = tmp.resolve("var/lib/rancher/rancherd/installer");
    Files.createDirectories(installer.getParent());
    Files.createSymbolicLink(installer, outside);
    InstallRequest request =
        new InstallRequest(
            Runtime.K3S,
            true,
            "v1.30.2+k3s1",
            Source.SCRIPT,
            Optional.empty(),
            Optional.empty(),
            List.of());

    RancherdException e =
        assertThrows(
            RancherdException.class,
            () -> choose(Source.SCRIPT, Optional.empty()).prepare(request, Optional.empty()));

    assertEquals(
        "preparing the directory of the k3s install script: "
            + installer
            + ": is a symbolic link, and rancherd follows none in its data dir: remove it (to keep"
            + " the data elsewhere, point --data-dir at the real directory)",
        e.getMessage());
    assertEquals(List.of(), Files.list(outside).toList());
  }

  @Test
  void airgapWithoutADirectory_isInvalidInputNamingTheFix() {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> choose(Source.AIRGAP, Optional.empty()));

    assertEquals(
        "installing k3s from an air-gap directory: none is given; pass --airgap DIR",
        e.getMessage());
  }

  @Test
  void theAirgapSourceChecksItsDirectoryBeforeAnythingIsStaged() {
    RancherdException e =
        assertThrows(
            RancherdException.class,
            () ->
                choose(Source.AIRGAP, Optional.of("/opt/airgap"))
                    .prepare(
                        new InstallRequest(
                            Runtime.K3S,
                            true,
                            "stable",
                            Source.AIRGAP,
                            Optional.of("/opt/airgap"),
                            Optional.empty(),
                            List.of()),
                        Optional.empty()));

    assertEquals(
        "installing k3s from airgapArtifactsDir /opt/airgap: the directory does not exist; it should hold "
            + "install.sh, k3s and k3s-airgap-images-amd64.tar*",
        e.getMessage());
  }
}
