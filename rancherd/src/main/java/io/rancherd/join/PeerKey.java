package io.rancherd.join;

import io.rancherd.secret.Secret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key rancherd peers prove the cluster token with, to each other only (docs/discovery.md §10):
 * PBKDF2-HMAC-SHA256 of the token, so that what one request or answer carries is a costly oracle
 * for guessing a short token offline, never a fast one (Rancher's bearer, {@code
 * base64(sha256(token))}, is the same for every request and costs one hash per guess). A request
 * carries {@code Authorization: Rancherd-Peer base64(HMAC-SHA256(key; "request", 0x00, nonce))},
 * bound to its nonce; an answer carries {@code X-Cattle-Hash} = base64(HMAC-SHA512(key; nonce,
 * 0x00, body, 0x00)), Rancher's form with this key.
 *
 * <p>The key is derived on a background thread as soon as the object exists (about 0.2 CPU-s), so
 * that it overlaps with opening mDNS.
 */
public final class PeerKey {

  /** The {@code Authorization} scheme of a peer request. */
  public static final String SCHEME = "Rancherd-Peer ";

  static final int ITERATIONS = 100_000;
  private static final byte[] SALT = "rancherd-peer-v1".getBytes(StandardCharsets.UTF_8);
  private static final byte[] REQUEST = "request".getBytes(StandardCharsets.UTF_8);

  private final CompletableFuture<byte[]> key;

  private PeerKey(CompletableFuture<byte[]> key) {
    this.key = key;
  }

  /** Starts deriving the key of {@code token}. */
  public static PeerKey of(Secret token) {
    return new PeerKey(CompletableFuture.supplyAsync(() -> derive(token)));
  }

  /** The {@code Authorization} value of a request that sends {@code nonce}. */
  public String authorization(String nonce) {
    return SCHEME + base64(mac("HmacSHA256", REQUEST, nonce.getBytes(StandardCharsets.UTF_8)));
  }

  /** Server side: whether {@code authorization} proves the token for {@code nonce}. */
  public boolean admits(String authorization, String nonce) {
    return authorization != null
        && nonce != null
        && !nonce.isEmpty()
        && MessageDigest.isEqual(
            authorization.getBytes(StandardCharsets.UTF_8),
            authorization(nonce).getBytes(StandardCharsets.UTF_8));
  }

  /** The {@code X-Cattle-Hash} of {@code body} answered to {@code nonce}. */
  public String hash(String nonce, byte[] body) {
    return base64(mac("HmacSHA512", nonce.getBytes(StandardCharsets.UTF_8), body));
  }

  /**
   * Client side: whether {@code received} proves that the answer comes from a holder of the key.
   */
  public boolean proves(String nonce, byte[] body, String received) {
    return received != null
        && MessageDigest.isEqual(
            received.getBytes(StandardCharsets.UTF_8),
            hash(nonce, body).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return Secret.REDACTED;
  }

  private byte[] mac(String algorithm, byte[] first, byte[] second) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(key.join(), algorithm));
      mac.update(first);
      mac.update((byte) 0);
      mac.update(second);
      if (algorithm.equals("HmacSHA512")) {
        mac.update((byte) 0);
      }
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(algorithm + " is part of every Java runtime", e);
    }
  }

  private static byte[] derive(Secret token) {
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
          .generateSecret(new PBEKeySpec(token.reveal().toCharArray(), SALT, ITERATIONS, 256))
          .getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every Java runtime", e);
    }
  }

  private static String base64(byte[] data) {
    return Base64.getEncoder().encodeToString(data);
  }
}
