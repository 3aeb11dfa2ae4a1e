package io.rancherd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    String text = new String(Objects.requireNonNull(
        getClass().getResourceAsStream("/config/rancherd-config-example-cloud-config.yaml")).readAllBytes(),
        StandardCharsets.UTF_8);
    TestRoot machine = new TestRoot(tmp);
    machine.write("/var/lib/cloud/instance/user-data.txt", text);

    LoadedConfig loaded = machine.load();

    assertEquals(java.util.List.of(), loaded.warnings());
    RancherdConfig c = loaded.config();
    assertEquals("v1.22.2+k3s1", c.kubernetesVersion().orElseThrow());
    assertEquals("v2.6.0", c.rancherVersion().orElseThrow());
    assertEquals(8443L, c.rancherValues().get("hostPort"));
    assertEquals(java.util.List.of("additionalhostname.example.com"), c.tlsSans());
    assertEquals("something", c.preInstructions().get(0).name());
    assertEquals("custom/image:1.1.1", c.preInstructions().get(0).image().orElseThrow());
    assertEquals(java.util.List.of("arg1", "arg2"), c.postInstructions().get(0).args());
    assertEquals("ConfigMap", c.resources().get(0).get("kind"));
    assertTrue(c.registries().isEmpty());
    assertEquals("someprefix.example.com:5000", c.systemDefaultRegistry().orElseThrow());
    assertTrue(c.runtimeInstallerImage().isPresent() && c.rancherInstallerImage().isPresent());
    assertEquals("https://myserver.example.com:8443", c.server().orElseThrow());
    assertEquals("sometoken", c.token().orElseThrow().reveal());
    assertEquals(3, c.discovery().orElseThrow().expectedServers());
    assertEquals("cluster-init", c.role().orElseThrow());
    assertEquals("custom-hostname", c.nodeName().orElseThrow());
    assertEquals("123.123.123.123", c.address().orElseThrow());
    assertEquals("123.123.123.124", c.internalAddress().orElseThrow());
    assertEquals(1, c.taints().size());
    assertEquals(java.util.List.of("key=value"), c.labels());
    assertTrue(c.extraConfig().isEmpty());
    for (String key : ConfigKeys.RANCHERD) {
      if (!key.equals("bootstrapResources")) {
        assertTrue(Files.readString(tmp.resolve("var/lib/cloud/instance/user-data.txt")).contains(key + ":"),
            "fixture uses key " + key);
      }
    }
  }
}
