package io.rancherd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rancherd.testing.TestRoot;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every validation message names the file, the line, the key path, what was expected and what was
 * found.
 */
class ConfigValidationTest {

  @TempDir Path tmp;

  static Stream<Arguments> invalidConfigs() {
    return Stream.of(
        Arguments.of(
            "wrong type: scalar for a list",
            "role: server\ntlsSans: a.example.com\n",
            2,
            "tlsSans",
            "expected a list, found the string 'a.example.com'"),
        Arguments.of(
            "wrong type: string for an integer",
            "discovery:\n  expectedServers: three\n",
            2,
            "discovery.expectedServers",
            "expected an integer, found the string 'three'"),
        Arguments.of(
            "wrong type: map for a string",
            "nodeName:\n  first: a\n",
            2,
            "nodeName",
            "expected a string, found a map"),
        Arguments.of(
            "wrong type: number for a string",
            "rancherVersion: 2.8\n",
            1,
            "rancherVersion",
            "expected a string, found the number 2.8 (put the value in quotes)"),
        Arguments.of(
            "wrong type: list for a map",
            "rancherValues: [a]\n",
            1,
            "rancherValues",
            "expected a map, found a list"),
        Arguments.of(
            "wrong type: string for a boolean",
            "preInstructions:\n- name: x\n  command: /bin/true\n  saveOutput: sometimes\n",
            4,
            "preInstructions[0].saveOutput",
            "expected true or false, found the string 'sometimes'"),
        Arguments.of(
            "unknown role",
            "token: t\nrole: boss\n",
            2,
            "role",
            "unknown role 'boss': expected one of cluster-init, server, agent, etcd, controlplane, control-plane, worker"),
        Arguments.of(
            "http server URL",
            "role: agent\nserver: http://server1:8443\ntoken: t\n",
            2,
            "server",
            "expected an https:// URL such as https://server1.example.com:8443, found 'http://server1:8443': the scheme must be https, not http"),
        Arguments.of(
            "server URL without scheme",
            "server: server1:8443\n",
            1,
            "server",
            "found 'server1:8443'"),
        Arguments.of(
            "expectedServers below 1",
            "discovery:\n  expectedServers: 0\n",
            2,
            "discovery.expectedServers",
            "expected an integer from 1 to 1000, found 0"),
        Arguments.of(
            "unsupported discovery provider",
            "discovery:\n  params:\n    provider: aws\n",
            3,
            "discovery.params.provider",
            "expected mdns (multicast DNS on the local network) or static (a fixed "
                + "list of addresses), found 'aws': this build of rancherd does not support that go-discover provider"),
        Arguments.of(
            "bad mDNS service name",
            "discovery:\n  params:\n    service: rancher server\n",
            3,
            "discovery.params.service",
            "expected a service name of letters, digits and '-' (such as "
                + "rancher-server or _rancher-server._tcp), found 'rancher server'"),
        Arguments.of(
            "static provider without addresses",
            "discovery:\n  params:\n    provider: static\n",
            2,
            "discovery.params.addresses",
            "expected the servers' addresses, separated by commas or spaces"),
        Arguments.of(
            "bad duration",
            "discovery:\n  serverCacheDuration: 1 minute\n",
            2,
            "discovery.serverCacheDuration",
            "expected a duration such as 1m, 90s or 1h30m, found '1 minute'"),
        Arguments.of(
            "label without value",
            "labels:\n- ok=yes\n- nolabel\n",
            3,
            "labels[1]",
            "expected a label key=value, found 'nolabel': a label needs the form key=value"),
        Arguments.of(
            "label with bad key",
            "labels:\n- -bad=yes\n",
            2,
            "labels[0]",
            "expected a label key=value, found '-bad=yes'"),
        Arguments.of(
            "taint without effect",
            "taints:\n- dedicated=edge\n",
            2,
            "taints[0]",
            "expected a taint key=value:Effect, found 'dedicated=edge': a taint needs the form key=value:Effect"),
        Arguments.of(
            "taint with bad effect",
            "taints:\n- foo:bar:baz\n",
            2,
            "taints[0]",
            "the effect must be one of NoSchedule, PreferNoSchedule, NoExecute"),
        Arguments.of(
            "node name with capitals",
            "nodeName: Node_1\n",
            1,
            "nodeName",
            "expected a Kubernetes node name, found 'Node_1'"),
        Arguments.of(
            "address that is not an IP",
            "address: eth0\n",
            1,
            "address",
            "expected an IPv4 or IPv6 address, found 'eth0'"),
        Arguments.of(
            "instruction without command",
            "postInstructions:\n- name: x\n  args: [a]\n",
            2,
            "postInstructions[0]",
            "instruction 'x' needs a command (or an image that provides run.sh)"),
        Arguments.of(
            "instruction without name",
            "preInstructions:\n- command: /bin/true\n",
            2,
            "preInstructions[0].name",
            "every instruction needs a name"),
        Arguments.of(
            "instruction env without =",
            "preInstructions:\n- name: x\n  command: /bin/true\n  env: [FOO]\n",
            4,
            "preInstructions[0].env[0]",
            "expected an environment variable NAME=value, found 'FOO'"),
        Arguments.of(
            "resource without kind",
            "resources:\n- apiVersion: v1\n  metadata: {name: x}\n",
            2,
            "resources[0]",
            "expected a Kubernetes object with apiVersion and kind, found a map"),
        Arguments.of(
            "duplicate key",
            "role: server\nnodeName: a\nrole: agent\n",
            3,
            "role",
            "duplicate key: it is also set on line 1 of the same map"),
        Arguments.of(
            "unknown install source",
            "installSource: images\n",
            1,
            "installSource",
            "expected auto, script, airgap or image, found 'images'"),
        Arguments.of(
            "air-gap install source without its directory",
            "role: server\ninstallSource: airgap\n",
            2,
            "installSource",
            "installSource airgap installs from airgapArtifactsDir, which is not set in any "
                + "config source; set airgapArtifactsDir to the directory that holds the runtime's air-gap artifacts"),
        Arguments.of(
            "rancherd key that is not a map",
            "#cloud-config\nrancherd: yes\n",
            2,
            "rancherd",
            "expected a map of rancherd settings, found the boolean true"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidConfigs")
  void load_invalidValueNamesFileLineAndKey(
      String what, String yaml, int line, String key, String message) {
    TestRoot machine = new TestRoot(tmp);
    Path file = machine.write("/etc/rancher/rancherd/config.yaml", yaml);

    ConfigException e = assertThrows(ConfigException.class, machine::load);

    assertEquals(new Location(file.toString(), line), e.location(), e.getMessage());
    assertEquals(key, e.keyPath(), e.getMessage());
    assertTrue(e.problem().contains(message), "message was: " + e.getMessage());
    assertTrue(e.getMessage().startsWith(file + ":" + line + ": " + key + ": "), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line");
  }

  @Test
  void load_wrongTypeOfTokenNeverShowsItsValue() {
    TestRoot machine = new TestRoot(tmp);
    Path file =
        machine.write("/etc/rancher/rancherd/config.yaml", "role: server\ntoken: 918273645\n");

    ConfigException e = assertThrows(ConfigException.class, machine::load);

    assertEquals(
        file + ":2: token: expected a string, found an integer (put the value in quotes)",
        e.getMessage());
    assertFalse(e.getMessage().contains("918273645"));
  }

  @Test
  void load_aValueInAMessage_isShownOnOneLine_andCutAfter64Characters() {
    TestRoot machine = new TestRoot(tmp);
    Path file =
        machine.write(
            "/etc/rancher/rancherd/config.yaml",
            "role: \"boss\\nof\\tall\"\nnodeName: " + "n".repeat(300) + "\n");

    ConfigException role = assertThrows(ConfigException.class, machine::load);
    assertTrue(
        role.getMessage().startsWith(file + ":1: role: unknown role 'boss\\nof\\tall': expected"),
        role.getMessage());

    machine.write("/etc/rancher/rancherd/config.yaml", "nodeName: " + "n".repeat(300) + "\n");
    ConfigException name = assertThrows(ConfigException.class, machine::load);
    assertTrue(
        name.getMessage()
            .contains("found '" + "n".repeat(64) + "...' (300 characters): must be 1-253"),
        name.getMessage());
  }

  @Test
  void load_errorInLaterFileNamesThatFile() {
    TestRoot machine = new TestRoot(tmp);
    machine.write("/etc/rancher/rancherd/config.yaml", "role: server\n");
    Path dropIn =
        machine.write("/etc/rancher/rancherd/config.yaml.d/10.yaml", "\n\nrole: captain\n");

    ConfigException e = assertThrows(ConfigException.class, machine::load);

    assertEquals(new Location(dropIn.toString(), 3), e.location());
  }

  @Test
  void load_validValuesAreAccepted() throws Exception {
    TestRoot machine = new TestRoot(tmp);
    machine.write(
        "/etc/rancher/rancherd/config.yaml",
        """
        role: server
        token: t
        nodeName: node-1.edge
        address: 2001:db8::10
        internalAddress: 10.0.0.10
        labels: [example.com/tier=edge, empty=]
        taints: [dedicated=edge:NoSchedule, gpu:NoExecute, example.com/x=y:PreferNoSchedule]
        discovery:
          params: {provider: mdns, service: rancher-server, v6: false, timeout: 5}
          expectedServers: 5
          serverCacheDuration: 1h30m
        """);

    LoadedConfig loaded = machine.load();

    DiscoveryConfig discovery = loaded.config().discovery().orElseThrow();
    assertEquals(5, discovery.expectedServers());
    assertEquals(Duration.ofMinutes(90), discovery.serverCacheDuration());
    assertEquals("false", discovery.params().get("v6"));
    assertEquals("5", discovery.params().get("timeout"));
    assertEquals(3, loaded.config().node().taints().size());
  }

  @Test
  void load_installSourceDefaultsToAutoAndReadsItsNames() throws Exception {
    TestRoot machine = new TestRoot(tmp);
    assertEquals(InstallConfig.Source.AUTO, machine.load().config().install().installSource());

    machine.write(
        "/etc/rancher/rancherd/config.yaml",
        "installSource: script\nairgapArtifactsDir: /opt/airgap\n");
    assertEquals(InstallConfig.Source.SCRIPT, machine.load().config().install().installSource());

    machine.write(
        "/etc/rancher/rancherd/config.yaml",
        "installSource: airgap\nairgapArtifactsDir: /opt/airgap\n");
    assertEquals(InstallConfig.Source.AIRGAP, machine.load().config().install().installSource());

    machine.write("/etc/rancher/rancherd/config.yaml", "installSource: image\n");
    assertEquals(InstallConfig.Source.IMAGE, machine.load().config().install().installSource());
  }

  @Test
  void load_discoveryDefaults() throws Exception {
    TestRoot machine = new TestRoot(tmp);
    machine.write("/etc/rancher/rancherd/config.yaml", "discovery:\n  params: {provider: mdns}\n");

    DiscoveryConfig discovery = machine.load().config().discovery().orElseThrow();

    assertEquals(3, discovery.expectedServers());
    assertEquals(Duration.ofMinutes(1), discovery.serverCacheDuration());
  }
}
