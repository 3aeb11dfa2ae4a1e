package io.rancherd.admin;

import io.rancherd.secret.Secret;
import java.security.SecureRandom;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * The bcrypt hash Rancher keeps for a local user: Go's {@code bcrypt.GenerateFromPassword(pw,
 * bcrypt.DefaultCost)} as rancher/rancherd {@code pkg/auth/auth.go} calls it, that is version
 * {@code 2a} and cost {@value #COST} (golang.org/x/crypto {@code bcrypt.DefaultCost}); Rancher
 * checks it with {@code bcrypt.CompareHashAndPassword} (rancher/rancher v2.8.0 {@code
 * pkg/auth/providers/local/local_auth_provider.go}).
 */
final class Bcrypt {

  static final int COST = 10;

  private Bcrypt() {}

  /** {@code $2a$10$<salt><hash>} of {@code password}, with a fresh salt from {@code random}. */
  static Secret hash(Secret password, SecureRandom random) {
    byte[] salt = new byte[16];
    random.nextBytes(salt);
    return new Secret(OpenBSDBCrypt.generate("2a", password.reveal().toCharArray(), salt, COST));
  }

  /** Whether {@code password} matches {@code hash}. */
  static boolean matches(Secret hash, Secret password) {
    return OpenBSDBCrypt.checkPassword(hash.reveal(), password.reveal().toCharArray());
  }
}
