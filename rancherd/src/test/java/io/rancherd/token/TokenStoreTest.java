package io.rancherd.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rancherd.config.RancherdConfig;
import io.rancherd.runtime.Runtime;
import io.rancherd.state.NodeState;
import io.rancherd.testing.TestRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenStoreTest {

  private static final String DATA_DIR = "/var/lib/rancher/rancherd";

  @TempDir Path tmp;
  TestRoot machine;
  TokenStore store;

  @BeforeEach
  void setUp() {
    machine = new TestRoot(tmp);
    store = new TokenStore(new NodeState(machine.root(), DATA_DIR), SecureRandom::new);
  }

  private Path tokenFile() {
    return machine.root().path(DATA_DIR + "/" + NodeState.TOKEN_FILE);
  }

  private RancherdConfig config(String yaml) throws Exception {
    machine.write("/etc/rancher/rancherd/config.yaml", yaml);
    return machine.load().config();
  }

  @Test
  void resolve_configuredTokenWins() throws Exception {
    machine.write("/etc/rancher/k3s/config.yaml.d/40-rancherd.yaml", "token: from-runtime\n");

    TokenStore.Resolved token =
        store.resolve(config("role: cluster-init\ntoken: configured\n"), Runtime.K3S, true);

    assertEquals("configured", token.token().reveal());
    assertEquals(TokenStore.Source.CONFIG, token.source());
    assertFalse(Files.exists(tokenFile()));
  }

  @Test
  void resolve_reusesTokenOfExistingRuntimeDropIn() throws Exception {
    machine.write(
        "/etc/rancher/rke2/config.yaml.d/40-rancherd.yaml", "token: cluster-token\ntls-san: [a]\n");

    TokenStore.Resolved token = store.resolve(config("role: cluster-init\n"), Runtime.RKE2, true);

    assertEquals("cluster-token", token.token().reveal());
    assertEquals(TokenStore.Source.RUNTIME_CONFIG, token.source());
  }

  @Test
  void resolve_generatesPersistsAndReusesToken() throws Exception {
    RancherdConfig config = config("role: cluster-init\n");

    TokenStore.Resolved first = store.resolve(config, Runtime.K3S, true);
    TokenStore.Resolved second = store.resolve(config, Runtime.K3S, true);

    assertEquals(TokenStore.Source.GENERATED, first.source());
    assertEquals(TokenStore.Source.DATA_DIR, second.source());
    assertEquals(first.token(), second.token(), "a re-run uses the same token");
    assertEquals(
        "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile())));
    assertEquals(
        "rwx------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile().getParent())));
    assertTrue(
        first.token().reveal().matches("[a-z0-9]{40}"), "at least 128 bits: 40 of 36 symbols");
  }

  @Test
  void resolve_withoutPersistWritesNothing() throws Exception {
    TokenStore.Resolved token = store.resolve(config("role: cluster-init\n"), Runtime.K3S, false);

    assertEquals(TokenStore.Source.GENERATED, token.source());
    assertFalse(Files.exists(machine.root().path(DATA_DIR)));
  }

  @Test
  void generate_givesDifferentTokens() {
    assertNotEquals(store.generate(), store.generate());
  }

  @Test
  void secret_toStringIsRedacted() throws Exception {
    TokenStore.Resolved token =
        store.resolve(config("role: cluster-init\ntoken: do-not-show\n"), Runtime.K3S, false);

    assertEquals("--redacted--", token.token().toString());
    assertFalse(token.toString().contains("do-not-show"));
  }
}
