package io.rancherd.join;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rancherd.secret.Secret;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The handshake against the vectors of docs/rancher-and-join.md §3.3. */
class CacertsHandshakeTest {

  private static final Secret TOKEN = new Secret("somethingrandom");
  private static final String NONCE = "nonce123";
  private static final byte[] BODY =
      "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
          .getBytes(StandardCharsets.UTF_8);
  private static final String BODY_HASH =
      "zfBar/JqACxw7kkhaJVmjHPFahmZaE5Mju/JoPULb92ctPoBkz8Cd6+uzqh0GtF1m58H88N+OrhKPBFB1alQwQ==";
  private static final String EMPTY_BODY_HASH =
      "Na2oopTT48z1EJSd/D+Lf8IMvzJX+8J+6MZyJ1iUjEWaQCRj3CsZl6Jw1UlL769WZ2ZLNINXZfHD1Agm5HCqPA==";

  @Test
  void clientAuthorizationIsTheBase64Sha256OfTheToken() {
    assertEquals(
        "Bearer 9uLjiMljSP5GvQcdAeJk3LjpOUVuj0q4YDUTNIda1Qs=",
        CacertsHandshake.authorization(TOKEN));
  }

  @Test
  void hashMatchesTheReferenceVectors() {
    assertEquals(BODY_HASH, CacertsHandshake.hash(TOKEN, NONCE, BODY));
    assertEquals(EMPTY_BODY_HASH, CacertsHandshake.hash(TOKEN, NONCE, new byte[0]));
  }

  @Test
  void serverAnswersTheReferenceHashOnlyToARequestNamingItsToken() {
    String authorization = "Bearer 9uLjiMljSP5GvQcdAeJk3LjpOUVuj0q4YDUTNIda1Qs=";
    assertEquals(
        Optional.of(BODY_HASH), CacertsHandshake.answer(TOKEN, authorization, NONCE, BODY));
    assertEquals(
        Optional.empty(),
        CacertsHandshake.answer(new Secret("another"), authorization, NONCE, BODY));
    assertEquals(Optional.empty(), CacertsHandshake.answer(TOKEN, null, NONCE, BODY));
    assertEquals(Optional.empty(), CacertsHandshake.answer(TOKEN, authorization, null, BODY));
  }

  @Test
  void clientAcceptsOnlyTheHashOfTheBodyItReceived() {
    assertTrue(CacertsHandshake.proves(TOKEN, NONCE, BODY, BODY_HASH));
    assertFalse(
        CacertsHandshake.proves(TOKEN, NONCE, BODY, EMPTY_BODY_HASH), "a hash of another body");
    assertFalse(
        CacertsHandshake.proves(TOKEN, "nonce124", BODY, BODY_HASH),
        "a replayed answer to another nonce");
    assertFalse(
        CacertsHandshake.proves(new Secret("another"), NONCE, BODY, BODY_HASH),
        "a hash made with another token");
    assertFalse(CacertsHandshake.proves(TOKEN, NONCE, BODY, null), "no hash at all");
  }

  @Test
  void noncesAreFreshAndUseWranglersAlphabet() {
    SecureRandom random = new SecureRandom();
    String first = CacertsHandshake.nonce(random);
    assertEquals(54, first.length());
    assertTrue(first.matches("[bcdfghjklmnpqrstvwxz2456789]{54}"), first);
    assertFalse(first.equals(CacertsHandshake.nonce(random)));
  }

  @Test
  void handlerBodyFollowsRancherTrailingNewlineRule() {
    assertEquals(
        "a\n",
        new String(
            CacertsHandler.body("a".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8));
    assertEquals(
        "a\n",
        new String(
            CacertsHandler.body("a\n".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8));
    assertEquals(0, CacertsHandler.body(" \n".getBytes(StandardCharsets.UTF_8)).length);
  }
}
