package io.rancherd.standin;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A k3s join token (runtimes.md §3.2): secure {@code K10<ca-hash>::<user>:<password>} or short (the
 * password alone). Never logged.
 */
record Token(String caHash, String user, String password) {

  private static final String PREFIX = "K10";

  static Token parse(String text) {
    String value = text.trim();
    if (!value.startsWith(PREFIX)) {
      return new Token("", "", value);
    }
    int separator = value.indexOf("::");
    if (separator < 0) {
      throw new IllegalArgumentException("invalid token format");
    }
    String hash = value.substring(PREFIX.length(), separator);
    if (!hash.isEmpty() && hash.length() != 64) {
      throw new IllegalArgumentException("invalid token CA hash length");
    }
    String credentials = value.substring(separator + 2);
    int colon = credentials.indexOf(':');
    String user = colon < 0 ? "" : credentials.substring(0, colon);
    String password = colon < 0 ? credentials : credentials.substring(colon + 1);
    if (password.isEmpty()) {
      throw new IllegalArgumentException("invalid token format: empty password");
    }
    return new Token(hash, user, password);
  }

  /** The secure server token for a cluster whose CA file has {@code caBytes}. */
  static String serverToken(byte[] caBytes, String password) {
    return PREFIX + sha256Hex(caBytes) + "::server:" + password;
  }

  static String randomPassword() {
    byte[] bytes = new byte[16];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  boolean hasCaHash() {
    return !caHash.isEmpty();
  }

  boolean matchesCa(byte[] caBytes) {
    return caHash.equals(sha256Hex(caBytes));
  }

  @Override
  public String toString() {
    return "Token[caHash=" + caHash + ", user=" + user + ", password=--redacted--]";
  }
}
