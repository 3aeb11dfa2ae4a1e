package io.rancherd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rancherd.secret.Secret;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactionTest {

  @Test
  void keysThatNameASecretAreSecretButFilesPathsAndOtherKeysAreNot() {
    for (String key :
        List.of(
            "token",
            "agent-token",
            "bootstrapPassword",
            "password",
            "auth",
            "identitytoken",
            "etcd-s3-secret-key",
            "client_secret",
            "Credentials")) {
      assertTrue(Redaction.secretKey(key), key);
    }
    for (String key :
        List.of("token-file", "agent-token-file", "username", "node-label", "tls-san", "ca_file")) {
      assertFalse(Redaction.secretKey(key), key);
    }
  }

  @Test
  void urlPasswordsAndSecretAssignmentsAreRedactedFromText() {
    List<Secret> none = List.of();
    assertEquals(
        "postgres://k3s:--redacted--@db:5432/k3s",
        Redaction.redactText("postgres://k3s:hunter22@db:5432/k3s", none));
    assertEquals(
        "https://mirror.test/v2 and user@host stay",
        Redaction.redactText("https://mirror.test/v2 and user@host stay", none));
    assertEquals(
        "joined with --redacted--",
        Redaction.redactText("joined with tok-9f2", List.of(new Secret("tok-9f2"))));
  }
}
