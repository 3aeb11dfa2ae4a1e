package io.rancherd.standin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

/**
 * The supervisor's basic auth (runtimes.md §3.1): user {@code node} (role agent) or {@code server}
 * (role server), each with the server password. Credentials are never logged.
 */
final class BasicAuth {

  static final String NODE = "node";
  static final String SERVER = "server";

  private BasicAuth() {}

  /** The user of an {@code Authorization: Basic} header whose credentials are right, else empty. */
  static Optional<String> user(String header, String password) {
    if (header == null || !header.startsWith("Basic ")) {
      return Optional.empty();
    }
    String credentials;
    try {
      credentials =
          new String(
              Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    int colon = credentials.indexOf(':');
    if (colon < 0) {
      return Optional.empty();
    }
    String user = credentials.substring(0, colon);
    boolean known = user.equals(NODE) || user.equals(SERVER);
    return known && sameSecret(credentials.substring(colon + 1), password)
        ? Optional.of(user)
        : Optional.empty();
  }

  static boolean sameSecret(String given, String expected) {
    return MessageDigest.isEqual(
        given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
  }
}
