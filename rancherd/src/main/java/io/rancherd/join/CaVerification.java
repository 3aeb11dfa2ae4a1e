package io.rancherd.join;

import io.rancherd.config.TrustConfig;
import io.rancherd.error.Causes;
import io.rancherd.secret.Secret;
import io.rancherd.token.JoinToken;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Decides what vouches for the CA a supervisor serves, in this order: the hash in a {@code K10}
 * token, {@code caChecksum}, the join server's {@code /cacerts} handshake, and, only when none of
 * them is there, trust on first use with a warning (refused with {@code requireVerifiedCa}, and
 * always for a server found by discovery). A mismatch is refused before the token is ever sent.
 */
final class CaVerification {

  private final CacertsClient client;
  private final Supplier<SecureRandom> random;
  private final Consumer<String> warning;

  CaVerification(CacertsClient client, Supplier<SecureRandom> random, Consumer<String> warning) {
    this.client = client;
    this.random = random;
    this.warning = warning;
  }

  JoinTrust.Source verify(
      JoinTarget target, CaBundle bundle, JoinToken parsed, Secret token, TrustConfig config)
      throws JoinTrustException, InterruptedException {
    Optional<JoinTrust.Source> source = Optional.empty();
    if (parsed.caHash().isPresent()) {
      requireMatch(target, bundle, parsed.caHash().get(), "token");
      source = Optional.of(JoinTrust.Source.TOKEN);
    }
    if (config.caChecksum().isPresent()) {
      requireMatch(target, bundle, config.caChecksum().get(), "caChecksum");
      source = source.or(() -> Optional.of(JoinTrust.Source.CA_CHECKSUM));
    }
    if (source.isEmpty() && target.joinServerUrl().isPresent()) {
      verifyByHandshake(target, bundle, token);
      source = Optional.of(JoinTrust.Source.HANDSHAKE);
    }
    return source.isPresent() ? source.get() : firstUse(target, bundle, config);
  }

  private static void requireMatch(JoinTarget target, CaBundle bundle, String expected, String by)
      throws JoinTrustException {
    if (!bundle.matches(expected)) {
      throw new JoinTrustException(
          "CA checksum mismatch for "
              + target.supervisorUrl()
              + ": server presented sha256 "
              + bundle.hash()
              + ", "
              + by
              + " expects "
              + expected
              + " — wrong server, a re-installed server, or a man in the middle; the token was not sent",
          "take the token (or caChecksum) from `rancherd get-token` on a server of the cluster to join");
    }
  }

  private void verifyByHandshake(JoinTarget target, CaBundle bundle, Secret token)
      throws JoinTrustException, InterruptedException {
    String joinServer = target.joinServerUrl().orElseThrow();
    String nonce = CacertsHandshake.nonce(random.get());
    PeerKey key = PeerKey.of(token);
    CacertsClient.Answer answer;
    try {
      answer = client.handshake(joinServer, key.authorization(nonce), nonce);
    } catch (IOException e) {
      throw new JoinTrustException(
          "verifying the CA of "
              + target.supervisorUrl()
              + " with the join server "
              + joinServer
              + ": "
              + Causes.describe(e),
          "check that the leader runs (rancherd status there) and that port "
              + java.net.URI.create(joinServer).getPort()
              + " is open between the nodes; bootstrap retries");
    }
    if (answer.status() != 200) {
      throw new JoinTrustException(
          "verifying the CA with the join server "
              + joinServer
              + ": it answered HTTP "
              + answer.status()
              + " to /cacerts"
              + (answer.status() == 401
                  ? " (it refuses this node's token: another token, or a replayed request)"
                  : answer.status() == 503 ? " (its runtime is not ready yet)" : ""),
          answer.status() == 503
              ? "wait: the next attempt asks again"
              : "give every node the same token (rancherd get-token on a server prints it)");
    }
    if (answer.hash().isEmpty()) {
      throw new JoinTrustException(
          "the join server "
              + joinServer
              + " did not prove that it knows the token (its "
              + "/cacerts answer has no X-Cattle-Hash): it is not a peer of this cluster, or its token differs",
          "give every node the same token (rancherd get-token on a server prints it)");
    }
    if (!key.proves(nonce, answer.body(), answer.hash().get())) {
      throw new JoinTrustException(
          "the join server "
              + joinServer
              + " answered a wrong X-Cattle-Hash: it does not "
              + "hold this token, or the answer was altered on the way; the CA is not trusted",
          "give every node the same token, and check the network path between the nodes");
    }
    String vouched = CaBundle.of(answer.body()).hash();
    if (!bundle.matches(vouched)) {
      throw new JoinTrustException(
          "CA checksum mismatch for "
              + target.supervisorUrl()
              + ": server presented sha256 "
              + bundle.hash()
              + ", the join server "
              + joinServer
              + " vouches for "
              + vouched
              + " — wrong server, a re-installed server, or a man in the middle; the token was not sent");
    }
  }

  private JoinTrust.Source firstUse(JoinTarget target, CaBundle bundle, TrustConfig config)
      throws JoinTrustException {
    String why = "the token is a short token (no K10 CA hash) and caChecksum is not set";
    String fix =
        "use the secure token `rancherd get-token` prints on a server (K10<hash>::server:<password>), or set "
            + "caChecksum: sha256:"
            + bundle.hash()
            + " after checking that value on the server";
    if (target.discovered()) {
      throw new JoinTrustException(
          "refusing to join "
              + target.supervisorUrl()
              + ", found by discovery: nothing verifies the CA it presents (sha256 "
              + bundle.hash()
              + "): "
              + why
              + ", and a join found by discovery is never trusted on first use",
          fix);
    }
    if (config.requireVerifiedCa()) {
      throw new JoinTrustException(
          "refusing to join "
              + target.supervisorUrl()
              + ": nothing verifies the CA it "
              + "presents (sha256 "
              + bundle.hash()
              + "): "
              + why
              + ", and requireVerifiedCa is true",
          fix);
    }
    warning.accept(
        "NOT VERIFIED: trusting the CA of "
            + target.supervisorUrl()
            + " (sha256 "
            + bundle.hash()
            + ") on first use, because "
            + why
            + ": a man in the middle could pose as the server. To "
            + "verify, "
            + fix
            + "; requireVerifiedCa: true refuses unverified joins");
    return JoinTrust.Source.FIRST_USE;
  }
}
