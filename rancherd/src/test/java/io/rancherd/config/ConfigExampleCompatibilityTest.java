package io.rancherd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rancherd.testing.TestRoot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A config that uses every key of the original rancherd's config-example.yaml, embedded in a
 * cloud-config beside runcmd, write_files and users, loads with no error and no warning.
 */
class ConfigExampleCompatibilityTest {

  @TempDir Path tmp;

  @Test
  void load_everyKeyOfRancherdConfigExampleInCloudConfig() throws Exception {
    String text =
        new String(
            Objects.requireNonNull(
                    getClass()
                        .getResourceAsStream("/config/rancherd-config-example-cloud-config.yaml"))
                .readAllBytes(),
            StandardCharsets.UTF_8);
    TestRoot machine = new TestRoot(tmp);
    machine.write("/var/lib/cloud/instance/user-data.txt", text);

    LoadedConfig loaded = machine.load();

    assertEquals(java.util.List.of(), loaded.warnings());
    RancherdConfig c = loaded.config();
    assertEquals("v1.22.2+k3s1", c.install().kubernetesVersion().orElseThrow());
    assertEquals("v2.6.0", c.rancher().rancherVersion().orElseThrow());
    assertEquals(8443L, c.rancher().rancherValues().get("hostPort"));
    assertEquals(java.util.List.of("additionalhostname.example.com"), c.node().tlsSans());
    assertEquals("something", c.instructions().preInstructions().get(0).name());
    assertEquals(
        "custom/image:1.1.1", c.instructions().preInstructions().get(0).image().orElseThrow());
    assertEquals(
        java.util.List.of("arg1", "arg2"), c.instructions().postInstructions().get(0).args());
    assertEquals("ConfigMap", c.resources().resources().get(0).get("kind"));
    assertTrue(c.install().registries().isEmpty());
    assertEquals("someprefix.example.com:5000", c.install().systemDefaultRegistry().orElseThrow());
    assertTrue(
        c.install().runtimeInstallerImage().isPresent()
            && c.rancher().rancherInstallerImage().isPresent());
    assertEquals("https://myserver.example.com:8443", c.cluster().firstServer().orElseThrow());
    assertEquals("sometoken", c.cluster().token().orElseThrow().reveal());
    assertEquals(3, c.discovery().orElseThrow().expectedServers());
    assertEquals("cluster-init,server,agent", c.cluster().role().orElseThrow());
    io.rancherd.role.RoleDecision decision = io.rancherd.role.RoleDecider.decide(loaded);
    assertEquals(io.rancherd.role.Action.INIT, decision.action(), decision.reason());
    assertTrue(decision.server());
    assertEquals("custom-hostname", c.node().nodeName().orElseThrow());
    assertEquals("123.123.123.123", c.node().address().orElseThrow());
    assertEquals("123.123.123.124", c.node().internalAddress().orElseThrow());
    assertEquals(1, c.node().taints().size());
    assertEquals(java.util.List.of("key=value"), c.node().labels());
    assertTrue(c.node().extraConfig().isEmpty());
    for (String key : ConfigKeys.RANCHERD) {
      if (!key.equals("bootstrapResources")) {
        assertTrue(
            Files.readString(tmp.resolve("var/lib/cloud/instance/user-data.txt"))
                .contains(key + ":"),
            "fixture uses key " + key);
      }
    }
  }

  @Test
  void theExamplesPlaceholderTaintIsRefusedBecauseNoRuntimeWouldStartWithIt() throws Exception {
    String text =
        new String(
                Objects.requireNonNull(
                        getClass()
                            .getResourceAsStream(
                                "/config/rancherd-config-example-cloud-config.yaml"))
                    .readAllBytes(),
                StandardCharsets.UTF_8)
            .replace("    - foo=bar:NoSchedule", "    - foo:bar:baz");
    TestRoot machine = new TestRoot(tmp);
    machine.write("/var/lib/cloud/instance/user-data.txt", text);

    ConfigException e =
        org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, machine::load);

    assertEquals("taints[0]", e.keyPath());
    assertTrue(e.getMessage().contains("foo:bar:baz"), e.getMessage());
  }
}
