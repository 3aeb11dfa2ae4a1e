package io.rancherd.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rancherd.error.InvalidInputException;
import io.rancherd.runtime.Runtime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class VersionRulesTest {

  private static Map<String, KubeRelease> nodes(String... nameAndVersion) {
    Map<String, KubeRelease> nodes = new TreeMap<>();
    for (int i = 0; i < nameAndVersion.length; i += 2) {
      nodes.put(nameAndVersion[i], KubeRelease.parse(nameAndVersion[i + 1]).orElseThrow());
    }
    return nodes;
  }

  private static String refusal(Runtime runtime, String target, Map<String, KubeRelease> nodes) {
    return assertThrows(
            InvalidInputException.class, () -> VersionRules.check(runtime, target, target, nodes))
        .getMessage();
  }

  @Test
  void releasesOrderByVersionThenByRevision() {
    KubeRelease a = KubeRelease.parse("v1.31.4+k3s1").orElseThrow();
    KubeRelease b = KubeRelease.parse("v1.31.4+k3s2").orElseThrow();
    KubeRelease c = KubeRelease.parse("v1.31.10+k3s1").orElseThrow();
    assertTrue(a.compareTo(b) < 0 && b.compareTo(c) < 0);
    assertEquals(Runtime.RKE2, KubeRelease.parse("v1.31.4+rke2r1").orElseThrow().runtime());
    assertTrue(KubeRelease.parse("v1.31.4").isEmpty(), "no runtime revision");
    assertTrue(KubeRelease.parse("stable").isEmpty());
  }

  @Test
  void nextPatchAndNextMinorAreAccepted() throws Exception {
    Map<String, KubeRelease> nodes = nodes("s1", "v1.30.2+k3s1", "a1", "v1.30.2+k3s1");
    assertEquals(
        "v1.30.5+k3s1", VersionRules.check(Runtime.K3S, "v1.30.5+k3s1", "v1.30", nodes).text());
    assertEquals(
        "v1.31.0+k3s1",
        VersionRules.check(Runtime.K3S, "v1.31.0+k3s1", "v1.31.0+k3s1", nodes).text());
    assertEquals(
        List.of("a1", "s1"), VersionRules.behind(nodes, KubeRelease.parse("v1.31.0+k3s1").get()));
  }

  @Test
  void aSwitchBetweenK3sAndRke2IsRefusedWithItsFix() {
    String message = refusal(Runtime.K3S, "v1.31.2+rke2r1", nodes("s1", "v1.31.2+k3s1"));
    assertEquals(
        "--kubernetes-version v1.31.2+rke2r1 names a release of rke2 and this cluster runs k3s:"
            + " rancherd does not switch a cluster between k3s and RKE2; fix: give a k3s version"
            + " such as "
            + Runtime.K3S.exampleVersion()
            + " (a switch is a new cluster: rancherd reset, then bootstrap)",
        message);
  }

  @Test
  void aDowngradeIsRefusedNamingTheNodeThatRunsNewer() {
    String message =
        refusal(
            Runtime.RKE2, "v1.30.1+rke2r1", nodes("s1", "v1.30.2+rke2r1", "a1", "v1.30.1+rke2r1"));
    assertEquals(
        "--kubernetes-version v1.30.1+rke2r1 is older than v1.30.2+rke2r1 that node s1 runs:"
            + " Kubernetes does not support downgrades; fix: give v1.30.2+rke2r1 or a newer release",
        message);
  }

  @Test
  void aJumpOfMoreThanOneMinorIsRefusedFromTheOldestNode() {
    String message =
        refusal(Runtime.K3S, "v1.32.0+k3s1", nodes("s1", "v1.31.2+k3s1", "a1", "v1.30.9+k3s1"));
    assertEquals(
        "--kubernetes-version v1.32.0+k3s1 skips a minor version: node a1 runs v1.30.9+k3s1, and"
            + " Kubernetes upgrades one minor version at a time; fix: upgrade to v1.31 first"
            + " (--kubernetes-version v1.31), then to v1.32",
        message);
  }

  @Test
  void aTargetThatIsNoReleaseIsRefused() {
    String message = refusal(Runtime.K3S, "v1.31.2", nodes("s1", "v1.31.2+k3s1"));
    assertTrue(
        message.startsWith("--kubernetes-version v1.31.2 is not an exact k3s release; fix: "),
        message);
  }
}
