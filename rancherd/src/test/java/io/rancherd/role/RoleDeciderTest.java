package io.rancherd.role;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rancherd.config.ConfigException;
import io.rancherd.config.LoadedConfig;
import io.rancherd.runtime.Runtime;
import io.rancherd.testing.TestRoot;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RoleDeciderTest {

  @TempDir Path tmp;

  private static final String SERVER = "server: https://server1.example.com:8443\n";
  private static final String TOKEN = "token: shared-secret\n";
  private static final String DISCOVERY =
      "discovery:\n  params: {provider: mdns, service: rancher-server}\n";

  static Stream<Arguments> decisions() {
    return Stream.of(
        // config, action, runtime server?, runtime, reason fragment
        Arguments.of("", Action.NONE, false, Runtime.K3S, "no role is configured"),
        Arguments.of(
            "role: cluster-init\n", Action.INIT, true, Runtime.K3S, "initializes a new cluster"),
        Arguments.of(
            "role: cluster-init\n" + SERVER + DISCOVERY,
            Action.INIT,
            true,
            Runtime.K3S,
            "initializes"),
        Arguments.of(
            "role: server\n",
            Action.INIT,
            true,
            Runtime.K3S,
            "no server URL: this node initializes a new cluster"),
        Arguments.of(
            "role: server\nkubernetesVersion: v1.30.2+rke2r1\n",
            Action.INIT,
            true,
            Runtime.RKE2,
            "no server URL"),
        Arguments.of(
            "role: cluster-init\nkubernetesVersion: stable:rke2\n",
            Action.INIT,
            true,
            Runtime.RKE2,
            "initializes"),
        Arguments.of(
            "role: cluster-init\nkubernetesVersion: latest:k3s\n",
            Action.INIT,
            true,
            Runtime.K3S,
            "initializes"),
        Arguments.of(
            "role: server\n" + SERVER + TOKEN,
            Action.JOIN,
            true,
            Runtime.K3S,
            "joins that cluster as a server"),
        Arguments.of(
            "role: agent\n" + SERVER + TOKEN,
            Action.JOIN,
            false,
            Runtime.K3S,
            "joins that cluster as an agent"),
        Arguments.of(
            "role: etcd\n" + SERVER + TOKEN,
            Action.JOIN,
            true,
            Runtime.K3S,
            "as an etcd-only server"),
        Arguments.of(
            "role: controlplane\n" + SERVER + TOKEN,
            Action.JOIN,
            true,
            Runtime.K3S,
            "as a control-plane-only server"),
        Arguments.of(
            "role: control-plane\n" + SERVER + TOKEN,
            Action.JOIN,
            true,
            Runtime.K3S,
            "as a control-plane-only server"),
        Arguments.of(
            "role: worker\n" + SERVER + TOKEN + "kubernetesVersion: v1.30.2+rke2r1\n",
            Action.JOIN,
            false,
            Runtime.RKE2,
            "as an agent"),
        Arguments.of(
            "role: server\n" + SERVER + TOKEN + DISCOVERY, Action.JOIN, true, Runtime.K3S, "joins"),
        Arguments.of(
            "role: agent\nserver: [https://a.example.com, https://b.example.com:6443]\n" + TOKEN,
            Action.JOIN,
            false,
            Runtime.K3S,
            "with server https://a.example.com, https://b.example.com:6443 (tried in this order)"),
        Arguments.of(
            "role: cluster-init,server,agent\n" + SERVER,
            Action.INIT,
            true,
            Runtime.K3S,
            "initializes a new cluster"),
        Arguments.of(
            "role: etcd\n" + SERVER + TOKEN,
            Action.JOIN,
            true,
            Runtime.K3S,
            "joins that cluster as an etcd-only server"),
        Arguments.of(
            "role: \"controlplane, worker\"\n" + SERVER + TOKEN,
            Action.JOIN,
            true,
            Runtime.K3S,
            "joins that cluster as a control-plane-only server"),
        Arguments.of(
            "role: etcd,control-plane\n" + SERVER + TOKEN,
            Action.JOIN,
            true,
            Runtime.K3S,
            "joins that cluster as a server"),
        Arguments.of(
            "role: agent,worker\n" + SERVER + TOKEN,
            Action.JOIN,
            false,
            Runtime.K3S,
            "joins that cluster as an agent"),
        Arguments.of(
            "role: server\n" + TOKEN + DISCOVERY,
            Action.DISCOVER,
            true,
            Runtime.K3S,
            "discovers its peers"),
        Arguments.of(
            "role: agent\n" + TOKEN + DISCOVERY,
            Action.DISCOVER,
            false,
            Runtime.K3S,
            "discovers its peers"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("decisions")
  void decide_table(String yaml, Action action, boolean server, Runtime runtime, String reason)
      throws Exception {
    RoleDecision decision = RoleDecider.decide(load(yaml));

    assertEquals(action, decision.action());
    assertEquals(server, decision.server());
    assertEquals(runtime, decision.runtime());
    assertTrue(decision.reason().contains(reason), decision.reason());
  }

  static Stream<Arguments> errors() {
    return Stream.of(
        Arguments.of(
            "role: agent\n" + TOKEN,
            "server",
            1,
            "role agent joins an existing cluster and needs server"),
        Arguments.of(
            "role: worker\n",
            "server",
            1,
            "role worker joins an existing cluster and needs server"),
        Arguments.of("role: etcd\n", "server", 1, "needs server"),
        Arguments.of(
            "role: controlplane\n" + TOKEN + DISCOVERY,
            "server",
            1,
            "a control-plane-only server, which joins a running cluster and never initializes"),
        Arguments.of(
            "role: agent\n" + SERVER,
            "token",
            1,
            "role agent joins https://server1.example.com:8443 and needs token"),
        Arguments.of("role: server\n" + SERVER, "token", 1, "needs token"),
        Arguments.of(
            "role: server\n" + DISCOVERY,
            "token",
            2,
            "discovery (peers authenticate each other with it) needs token"));
  }

  @ParameterizedTest(name = "{0} -> missing {1}")
  @MethodSource("errors")
  void decide_joinsAndDiscoveryNeedWhatIsMissing(String yaml, String key, int line, String message)
      throws Exception {
    LoadedConfig loaded = load(yaml);

    ConfigException e = assertThrows(ConfigException.class, () -> RoleDecider.decide(loaded));

    assertEquals(key, e.keyPath());
    assertEquals(line, e.location().line(), e.getMessage());
    assertTrue(e.getMessage().contains(message), e.getMessage());
    assertTrue(e.getMessage().contains("is not set in any config source"), e.getMessage());
  }

  @org.junit.jupiter.api.Test
  void serverWithoutAnyServerUrlInitializesWithAWarningOrIsRefusedWhenAskedTo() throws Exception {
    LoadedConfig implicit = load("role: server\n");
    RoleDecision decision = RoleDecider.decide(implicit);
    assertTrue(
        RoleDecider.implicitInitWarning(implicit, decision)
            .orElseThrow()
            .startsWith(
                "role server with no server URL and no discovery: this node initializes a NEW"));
    LoadedConfig explicit = load("role: cluster-init\n");
    assertTrue(
        RoleDecider.implicitInitWarning(explicit, RoleDecider.decide(explicit)).isEmpty(),
        "cluster-init says it is meant");

    LoadedConfig strict = load("requireExplicitInit: true\nrole: server\n");
    ConfigException e = assertThrows(ConfigException.class, () -> RoleDecider.decide(strict));
    assertEquals(2, e.location().line(), e.getMessage());
    assertTrue(e.getMessage().contains("requireExplicitInit is true"), e.getMessage());
  }

  private LoadedConfig load(String yaml) throws ConfigException {
    TestRoot machine = new TestRoot(tmp);
    machine.write("/etc/rancher/rancherd/config.yaml", yaml);
    return machine.load();
  }
}
