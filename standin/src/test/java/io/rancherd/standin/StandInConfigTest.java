package io.rancherd.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stand-in's config merge, token format and unit parsing, without processes. */
class StandInConfigTest {

  @TempDir Path dir;

  @Test
  void drop_ins_replace_keys_in_file_name_order_and_plus_keys_append() throws Exception {
    MachineRoot root = new MachineRoot(dir);
    write(
        root.resolve("/etc/rancher/k3s/config.yaml"),
        "token: main\ntls-san: a\nnode-label: [x=1]\n");
    write(
        root.resolve("/etc/rancher/k3s/config.yaml.d/50-b.yaml"),
        "token: fifty\nnode-label+: [y=2]\n");
    write(
        root.resolve("/etc/rancher/k3s/config.yaml.d/40-a.yml"), "token: forty\ntls-san: [b, c]\n");
    write(root.resolve("/etc/rancher/k3s/config.yaml.d/ignored.txt"), "token: nope\n");

    RuntimeConfig config = RuntimeConfig.load(Program.K3S, root, List.of(), Map.of());

    assertEquals(Optional.of("fifty"), config.string("token"));
    assertEquals(List.of("b", "c"), config.list("tls-san"));
    assertEquals(List.of("x=1", "y=2"), config.list("node-label"));
  }

  @Test
  void a_k3s_agent_fails_on_a_key_it_does_not_know_as_the_real_one_does() throws Exception {
    MachineRoot root = new MachineRoot(dir);
    write(
        root.resolve("/etc/rancher/k3s/config.yaml.d/40-rancherd.yaml"),
        "server: https://s:6443\ntoken: t\nnode-label+: [a=b]\ndisable: [traefik]\n");

    RuntimeConfig config =
        RuntimeConfig.load(Program.K3S, root, List.of(), Map.of("K3S_CLUSTER_INIT", "true"));
    FatalException e =
        assertThrows(FatalException.class, () -> config.requireAgentFlags(K3sAgentFlags.NAMES));

    assertEquals("Incorrect Usage: flag provided but not defined: -disable", e.getMessage());
    write(
        root.resolve("/etc/rancher/k3s/config.yaml.d/40-rancherd.yaml"),
        "server: https://s:6443\ntoken: t\nnode-label+: [a=b]\n");
    RuntimeConfig.load(Program.K3S, root, List.of(), Map.of("K3S_CLUSTER_INIT", "true"))
        .requireAgentFlags(K3sAgentFlags.NAMES);
  }

  @Test
  void flags_win_over_config_which_wins_over_environment() throws Exception {
    MachineRoot root = new MachineRoot(dir);
    write(root.resolve("/etc/rancher/rke2/config.yaml"), "token: from-config\n");

    RuntimeConfig config =
        RuntimeConfig.load(
            Program.RKE2,
            root,
            List.of("--node-name=n1", "-s", "https://x:9345", "--cluster-init"),
            Map.of(
                "RKE2_TOKEN", "from-env", "RKE2_URL", "https://env:9345", "RKE2_NODE_NAME", "env"));

    assertEquals(Optional.of("from-config"), config.string("token"));
    assertEquals(Optional.of("https://x:9345"), config.string("server"));
    assertEquals(Optional.of("n1"), config.string("node-name"));
    assertTrue(config.bool("cluster-init"));
    assertEquals(
        Optional.of("from-env"),
        RuntimeConfig.load(
                Program.RKE2,
                new MachineRoot(dir.resolve("empty")),
                List.of(),
                Map.of("RKE2_TOKEN", "from-env"))
            .string("token"));
  }

  @Test
  void tokens_parse_as_k3s_does() {
    String hash = "a".repeat(64);
    assertEquals(
        new Token(hash, "server", "pw:with:colons"),
        Token.parse("K10" + hash + "::server:pw:with:colons\n"));
    assertEquals(new Token("", "", "plain"), Token.parse("plain"));
    assertThrows(IllegalArgumentException.class, () -> Token.parse("K10abc::server:pw"));
    assertFalse(
        Token.parse("K10" + hash + "::server:pw").toString().contains("pw]"),
        "toString hides the password");
    assertTrue(Token.serverToken(new byte[] {1, 2}, "pw").matches("K10[0-9a-f]{64}::server:pw"));
  }

  @Test
  void exec_start_joins_continuations_and_removes_quotes() {
    SystemdUnit unit =
        SystemdUnit.parse(
            "[Service]\nExecStart=/usr/local/bin/k3s \\\n    server \\\n"
                + "\t'--tls-san' \\\n\t'it'\\''s' \\\n\n");
    assertEquals(List.of("/usr/local/bin/k3s", "server", "--tls-san", "it's"), unit.execStart());
  }

  @Test
  void kubeconfig_modes_are_octal() {
    assertEquals("rw-------", Kubeconfig.mode(null));
    assertEquals("rw-r--r--", Kubeconfig.mode("0644"));
  }

  private static void write(Path file, String text) throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }
}
