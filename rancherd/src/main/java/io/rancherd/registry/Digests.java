package io.rancherd.registry;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** sha256 digests in the registry's {@code sha256:<hex>} form. */
final class Digests {

  private Digests() {}

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
  }

  static String sha256(byte[] bytes) {
    return format(sha256().digest(bytes));
  }

  static String format(byte[] digest) {
    return "sha256:" + HexFormat.of().formatHex(digest);
  }
}
