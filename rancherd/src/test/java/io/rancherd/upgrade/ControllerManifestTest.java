package io.rancherd.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rancherd.error.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControllerManifestTest {

  @TempDir Path dir;

  @Test
  void aFileWithTheControllersDeploymentIsTaken() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("suc.yaml"),
            "kind: Namespace\nmetadata: {name: system-upgrade}\n---\n"
                + "kind: Deployment\n"
                + "metadata: {name: system-upgrade-controller, namespace: system-upgrade}\n");
    ControllerManifest manifest = ControllerManifest.load(file.toString(), new OkHttpClient());
    assertEquals(file.toString(), manifest.source());
  }

  @Test
  void thePlanCrdApart_isTakenBesideTheControllersManifest() throws Exception {
    Path crd =
        Files.writeString(
            dir.resolve("crd.yaml"),
            "kind: CustomResourceDefinition\nmetadata: {name: plans.upgrade.cattle.io}\n");
    Path controller =
        Files.writeString(
            dir.resolve("suc.yaml"),
            "kind: Deployment\n"
                + "metadata: {name: system-upgrade-controller, namespace: system-upgrade}\n");
    ControllerManifest first = ControllerManifest.load(crd.toString(), new OkHttpClient());
    ControllerManifest second = ControllerManifest.load(controller.toString(), new OkHttpClient());

    assertFalse(first.hasController());
    ControllerManifest.requireController(java.util.List.of(first, second));
  }

  @Test
  void aFileWithoutItIsRefusedWithTheReleaseManifestAsFix() throws Exception {
    Path file =
        Files.writeString(dir.resolve("other.yaml"), "kind: ConfigMap\nmetadata: {name: x}\n");
    ControllerManifest other = ControllerManifest.load(file.toString(), new OkHttpClient());
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> ControllerManifest.requireController(java.util.List.of(other)));
    assertEquals(
        file
            + ": no Deployment system-upgrade-controller in namespace system-upgrade in it; fix:"
            + " give the controller's release manifest ("
            + ControllerManifest.DOCS_URL
            + ")",
        e.getMessage());
  }

  @Test
  void aMissingFileIsRefused() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> ControllerManifest.load(dir.resolve("nope.yaml").toString(), new OkHttpClient()));
    assertEquals(
        "--controller-manifest "
            + dir.resolve("nope.yaml")
            + ": no such file; fix: give the path of system-upgrade-controller.yaml, or its URL",
        e.getMessage());
  }
}
