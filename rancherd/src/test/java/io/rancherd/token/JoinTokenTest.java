package io.rancherd.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rancherd.secret.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Token forms as docs/runtimes.md §3.2 describes them. */
class JoinTokenTest {

  private static final String HASH =
      "8010bfcee1842b2a4ce8f67c3e9455f0188f7a15bf39ec61a26feb75cd785821";

  @Test
  void secureTokenCarriesTheCaHashAndThePassword() throws Exception {
    JoinToken token =
        JoinToken.parse(new Secret("K10" + HASH.toUpperCase() + "::server:pass:word"));
    assertEquals(Optional.of(HASH), token.caHash());
    assertEquals("pass:word", token.credential().reveal());
    assertEquals("Basic " + base64("node:pass:word"), token.authorization());
  }

  @Test
  void shortTokenIsThePasswordAndPinsNothing() throws Exception {
    JoinToken token = JoinToken.parse(new Secret("mysecret"));
    assertEquals(Optional.empty(), token.caHash());
    assertEquals("mysecret", token.credential().reveal());
    assertEquals("K10" + HASH + "::server:mysecret", token.pinnedTo(HASH).reveal());
  }

  @Test
  void bootstrapTokenIsABearerCredential() throws Exception {
    JoinToken token = JoinToken.parse(new Secret("abcdef.0123456789abcdef"));
    assertTrue(token.bootstrapToken());
    assertEquals("Bearer abcdef.0123456789abcdef", token.authorization());
    assertEquals("K10" + HASH + "::abcdef.0123456789abcdef", token.pinnedTo(HASH).reveal());
  }

  @Test
  void malformedSecureTokensAreRefusedWithoutShowingThem() {
    var shortHash =
        assertThrows(
            JoinToken.FormatException.class,
            () -> JoinToken.parse(new Secret("K10abc123::server:verysecret")));
    assertEquals(
        "the CA hash of a K10 token is 64 hex digits, and this one has 6 characters there",
        shortHash.getMessage());
    var noPassword =
        assertThrows(
            JoinToken.FormatException.class,
            () -> JoinToken.parse(new Secret("K10" + HASH + "::verysecret")));
    assertFalse(noPassword.getMessage().contains("verysecret"));
    assertEquals(
        "a K10 token ends with <user>:<password>, and this one has no password",
        noPassword.getMessage());
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
