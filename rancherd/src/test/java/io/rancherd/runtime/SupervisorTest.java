package io.rancherd.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SupervisorTest {

  @ParameterizedTest
  @CsvSource({
    "https://server1:8443, K3S, https://server1:6443",
    "https://server1:8443, RKE2, https://server1:9345",
    "https://server1, K3S, https://server1:6443",
    "https://server1:443, RKE2, https://server1:9345",
    "https://server1:6443, RKE2, https://server1:9345",
    "https://server1:9345, K3S, https://server1:6443",
    "https://10.0.0.5:7443/, K3S, https://10.0.0.5:7443",
    "https://[fd00::5]:8443, K3S, https://[fd00::5]:6443",
  })
  void url_mapsWhatUsersWriteToTheRuntimeSupervisor(
      String server, Runtime runtime, String expected) {
    assertEquals(expected, Supervisor.url(server, runtime));
  }

  @ParameterizedTest
  @CsvSource({
    "v1.30.2+k3s1, K3S, true, ''",
    "v1.30.2+rke2r1, RKE2, true, ''",
    "stable, K3S, false, stable",
    "stable:rke2, RKE2, false, stable",
    "v1.30:k3s, K3S, false, v1.30",
    "latest, K3S, false, latest",
    "'', K3S, false, stable",
  })
  void kubernetesVersion_exactOrChannel(
      String text, Runtime runtime, boolean exact, String channel) {
    KubernetesVersion v = KubernetesVersion.parse(text);

    assertEquals(runtime, v.runtime());
    assertEquals(exact, v.exact());
    if (!exact) {
      assertEquals(channel, v.channel());
    }
    assertTrue(exact || !v.channel().contains(":"));
    assertFalse(v.text().isEmpty());
  }
}
