package io.rancherd.token;

import io.rancherd.secret.Secret;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A cluster token as k3s and RKE2 read it (docs/runtimes.md §3.2): the secure form {@code
 * K10<ca-hash>::<user>:<password>} pins the cluster CA by the SHA-256 of the server's {@code
 * /cacerts}; any other value is a short token, the password alone, which pins nothing. A
 * kubeadm-style bootstrap token {@code [a-z0-9]{6}.[a-z0-9]{16}} is kept whole as the credential.
 *
 * @param caHash the CA hash of a secure token, lowercase hex
 * @param credential what authenticates: the password, or the bootstrap token
 */
public record JoinToken(Optional<String> caHash, Secret credential, boolean bootstrapToken) {

  private static final String PREFIX = "K10";
  private static final Pattern BOOTSTRAP = Pattern.compile("[a-z0-9]{6}\\.[a-z0-9]{16}");
  private static final Pattern HEX64 = Pattern.compile("[0-9a-fA-F]{64}");

  /** Raised for a token that starts like a secure token but is not one; never holds the token. */
  public static final class FormatException extends Exception {
    private static final long serialVersionUID = 1L;

    FormatException(String message) {
      super(message);
    }
  }

  public static JoinToken parse(Secret token) throws FormatException {
    String value = token.reveal().trim();
    if (!value.startsWith(PREFIX)) {
      return new JoinToken(Optional.empty(), new Secret(value), BOOTSTRAP.matcher(value).matches());
    }
    int separator = value.indexOf("::", PREFIX.length());
    if (separator < 0) {
      throw new FormatException(
          "a token starting with K10 has the form K10<ca-hash>::<user>:<password>, and "
              + "this one has no ::");
    }
    String hash = value.substring(PREFIX.length(), separator);
    if (!hash.isEmpty() && !HEX64.matcher(hash).matches()) {
      throw new FormatException(
          "the CA hash of a K10 token is 64 hex digits, and this one has "
              + hash.length()
              + " characters there");
    }
    String credentials = value.substring(separator + 2);
    Optional<String> caHash =
        hash.isEmpty() ? Optional.empty() : Optional.of(hash.toLowerCase(java.util.Locale.ROOT));
    if (BOOTSTRAP.matcher(credentials).matches()) {
      return new JoinToken(caHash, new Secret(credentials), true);
    }
    int colon = credentials.indexOf(':');
    String password = colon < 0 ? "" : credentials.substring(colon + 1);
    if (password.isEmpty()) {
      throw new FormatException(
          "a K10 token ends with <user>:<password>, and this one has no password");
    }
    return new JoinToken(caHash, new Secret(password), false);
  }

  /**
   * The {@code Authorization} header a joining node authenticates with: basic {@code
   * node:<password>}, or the bootstrap token as a bearer token (docs/runtimes.md §3.3).
   */
  public String authorization() {
    if (bootstrapToken) {
      return "Bearer " + credential.reveal();
    }
    String basic = "node:" + credential.reveal();
    return "Basic "
        + java.util.Base64.getEncoder()
            .encodeToString(basic.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /**
   * The secure form of this token pinned to {@code verifiedHash}: given to the runtime, it makes
   * the runtime check the same CA rancherd verified. The user part is a placeholder: k3s and RKE2
   * use {@code node} for agents and {@code server} for servers whatever it says.
   */
  public Secret pinnedTo(String verifiedHash) {
    String credentials = bootstrapToken ? credential.reveal() : "server:" + credential.reveal();
    return new Secret(PREFIX + verifiedHash + "::" + credentials);
  }
}
