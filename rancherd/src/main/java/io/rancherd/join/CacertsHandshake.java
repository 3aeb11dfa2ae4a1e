package io.rancherd.join;

import io.rancherd.secret.Secret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The token-keyed {@code /cacerts} handshake of Rancher and rancherd (docs/rancher-and-join.md §3):
 * the client sends a fresh nonce ({@code X-Cattle-Nonce}) and {@code Authorization: Bearer
 * base64(sha256(token))}; a server that knows the token answers {@code X-Cattle-Hash} =
 * base64(HMAC-SHA512(token; nonce, 0x00, body, 0x00)), which proves the body (the CA) comes from a
 * holder of the token. Both sides are here.
 */
public final class CacertsHandshake {

  public static final String NONCE_HEADER = "X-Cattle-Nonce";
  public static final String HASH_HEADER = "X-Cattle-Hash";
  public static final String AUTHORIZATION_HEADER = "Authorization";

  /** Sent by a rancherd join server (discovery), never by Rancher: tells the two apart. */
  public static final String RANCHERD_ID_HEADER = "X-Cattle-Rancherd-Id";

  /**
   * A discovery poll's digest of the asking node's own peer document: a hint to the asked node that
   * the asker's view changed (docs/discovery.md §6).
   */
  public static final String VIEW_HEADER = "X-Rancherd-View";

  private static final String BEARER = "Bearer ";
  private static final String NONCE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
  private static final int NONCE_LENGTH = 54;

  private CacertsHandshake() {}

  /** A fresh nonce: 54 characters from wrangler's token alphabet. */
  public static String nonce(SecureRandom random) {
    StringBuilder nonce = new StringBuilder(NONCE_LENGTH);
    for (int i = 0; i < NONCE_LENGTH; i++) {
      nonce.append(NONCE_ALPHABET.charAt(random.nextInt(NONCE_ALPHABET.length())));
    }
    return nonce.toString();
  }

  /** The {@code Authorization} value the client sends: it names the token without revealing it. */
  public static String authorization(Secret token) {
    return BEARER + base64(digest(token.reveal().getBytes(StandardCharsets.UTF_8)));
  }

  /** The {@code X-Cattle-Hash} value for {@code body} answered to {@code nonce}. */
  public static String hash(Secret token, String nonce, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA512");
      mac.init(new SecretKeySpec(token.reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA512"));
      mac.update(nonce.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      mac.update(body);
      mac.update((byte) 0);
      return base64(mac.doFinal());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA512 is part of every Java runtime", e);
    }
  }

  /**
   * Server side: the {@code X-Cattle-Hash} to answer, present only when the request carries a nonce
   * and names {@code token}.
   */
  public static Optional<String> answer(
      Secret token, String authorization, String nonce, byte[] body) {
    if (authorization == null || nonce == null || nonce.isEmpty()) {
      return Optional.empty();
    }
    return names(token, authorization) ? Optional.of(hash(token, nonce, body)) : Optional.empty();
  }

  /** Server side: whether an {@code Authorization} value names {@code token}. */
  public static boolean names(Secret token, String authorization) {
    return authorization != null
        && MessageDigest.isEqual(
            authorization.getBytes(StandardCharsets.UTF_8),
            authorization(token).getBytes(StandardCharsets.UTF_8));
  }

  /** Client side: whether {@code received} proves that the server knows the token. */
  public static boolean proves(Secret token, String nonce, byte[] body, String received) {
    return received != null
        && MessageDigest.isEqual(
            received.getBytes(StandardCharsets.UTF_8),
            hash(token, nonce, body).getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] digest(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  private static String base64(byte[] data) {
    return Base64.getEncoder().encodeToString(data);
  }
}
