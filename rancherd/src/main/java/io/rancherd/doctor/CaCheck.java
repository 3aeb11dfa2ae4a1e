package io.rancherd.doctor;

import io.rancherd.join.JoinTarget;
import io.rancherd.join.JoinTrust;
import io.rancherd.join.JoinTrustException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether the supervisor's CA is the one the token (or {@code caChecksum}) expects, and whether its
 * certificate is signed by that CA: the same verification {@code bootstrap} makes before it sends
 * the token, done once. Nothing secret is sent.
 */
final class CaCheck implements Check {

  static final String NAME = "ca";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Finding run(DoctorContext context, Findings earlier) throws InterruptedException {
    if (context.supervisorUrl().isEmpty()) {
      return Finding.skip(NAME, context.whyNotJoining());
    }
    Optional<JoinTarget> target = JoinChecks.target(context);
    if (target.isEmpty()) {
      return Finding.skip(NAME, "no token is configured");
    }
    if (!earlier.ok(TlsCheck.NAME)) {
      return Finding.skip(NAME, "no TLS connection to the supervisor");
    }
    List<String> warnings = new ArrayList<>();
    JoinTrust.Trusted trusted;
    try {
      trusted =
          JoinChecks.trust(context, warnings)
              .verifyOnce(
                  target.get(),
                  JoinChecks.token(context).orElseThrow(),
                  context.config().orElseThrow().config().trust());
    } catch (JoinTrustException e) {
      return Finding.fail(
          NAME, e.problem(), e.fix().orElse("compare with `rancherd get-token` on a server"));
    }
    if (trusted.source() == JoinTrust.Source.FIRST_USE) {
      return Finding.warn(
          NAME,
          "nothing verifies the CA of "
              + target.get().supervisorUrl()
              + " (sha256 "
              + trusted.caHash()
              + "): the token is a short token (no K10 CA hash) and caChecksum is not set; bootstrap "
              + "would trust it on first use",
          "use the secure token `rancherd get-token` prints on a server, or set "
              + "caChecksum: sha256:"
              + trusted.caHash()
              + " after checking that value on the server");
    }
    earlier.learn(Fact.TRUSTED_CA, trusted);
    return Finding.pass(
        NAME,
        "the CA of "
            + target.get().supervisorUrl()
            + " is sha256 "
            + trusted.caHash()
            + ", verified by "
            + trusted.source().description());
  }
}
