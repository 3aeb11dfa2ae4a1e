package io.rancherd.e2e;

import java.security.SecureRandom;
import java.util.Collection;
import java.util.HexFormat;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * The secrets a scenario handed out (tokens), so that nothing the tests print shows them: every
 * known secret and anything shaped like a {@code K10} token is replaced by {@code <redacted>}.
 */
final class Secrets {

  static final String REDACTED = "<redacted>";
  private static final Pattern K10 = Pattern.compile("K10[0-9a-f]{64}::[^\\s\"']+");

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Collection<String> known = new CopyOnWriteArrayList<>();

  /** {@code bytes} random bytes in hex: a password or a hash no cluster has. */
  static String randomHex(int bytes) {
    byte[] random = new byte[bytes];
    RANDOM.nextBytes(random);
    return HexFormat.of().formatHex(random);
  }

  /** Remembers {@code secret}; returns it. */
  String add(String secret) {
    known.add(secret);
    return secret;
  }

  String redact(String text) {
    String redacted = K10.matcher(text).replaceAll(REDACTED);
    for (String secret : known) {
      redacted = redacted.replace(secret, REDACTED);
    }
    return redacted;
  }
}
