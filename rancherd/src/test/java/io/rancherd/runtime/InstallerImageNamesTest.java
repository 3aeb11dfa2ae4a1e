package io.rancherd.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rancherd.registry.ImageReference;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InstallerImageNamesTest {

  @Test
  void runtimeImage_isNamedByTheRuntimeAndTheVersionWithPlusMadeDash() {
    assertEquals(
        "rancher/system-agent-installer-k3s:v1.30.2-k3s1",
        InstallerImageNames.runtime(Runtime.K3S, "v1.30.2+k3s1"));
    assertEquals(
        "rancher/system-agent-installer-rke2:v1.29.4-rke2r1",
        InstallerImageNames.runtime(Runtime.RKE2, "v1.29.4+rke2r1"));
  }

  @Test
  void rancherImage_isNamedByTheRancherVersionAsWritten() {
    assertEquals(
        "rancher/system-agent-installer-rancher:v2.8.5", InstallerImageNames.rancher("v2.8.5"));
    assertEquals(
        "rancher/system-agent-installer-rancher:2.9.0-rc1",
        InstallerImageNames.rancher("2.9.0-rc1"));
  }

  @Test
  void systemDefaultRegistry_isTheRegistryHostNotTheWholePrefix() throws Exception {
    ImageReference image =
        ImageReference.parse(
            InstallerImageNames.runtime(Runtime.K3S, "v1.30.2+k3s1"), Optional.of("reg:5000"));

    assertEquals("reg:5000/rancher/system-agent-installer-k3s:v1.30.2-k3s1", image.toString());
    assertFalse(image.toString().contains("reg:5000-k3s"), "not the original's quirk Q2");
  }

  @Test
  void exactVersion_refusesChannels() {
    assertTrue(InstallerImageNames.exactVersion("v2.8.5"));
    assertTrue(InstallerImageNames.exactVersion("v1.30.2+k3s1"));
    assertTrue(InstallerImageNames.exactVersion("2.9.0-rc1"));
    assertFalse(InstallerImageNames.exactVersion("stable"));
    assertFalse(InstallerImageNames.exactVersion("v1.30"));
    assertFalse(InstallerImageNames.exactVersion("latest"));
  }
}
