package io.rancherd.doctor;

import io.rancherd.join.JoinTarget;
import io.rancherd.join.JoinTrust;
import io.rancherd.join.JoinTrustException;
import java.util.ArrayList;
import java.util.Optional;

/**
 * Whether the server accepts the token: one authenticated supervisor request ({@code
 * /v1-<rt>/readyz} as user {@code node}), made only when the {@code ca} check verified the CA, so
 * the token never goes to a server that is not verified.
 */
final class TokenCheck implements Check {

  static final String NAME = "token";

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
    Optional<JoinTrust.Trusted> trusted = earlier.fact(Fact.TRUSTED_CA);
    if (target.isEmpty() || trusted.isEmpty()) {
      return Finding.skip(
          NAME,
          "not sent: the CA of the supervisor is not verified (see the ca check), and the "
              + "token goes only to a verified server");
    }
    try {
      int status =
          JoinChecks.trust(context, new ArrayList<>())
              .checkTokenAccepted(
                  target.get(), trusted.get(), JoinChecks.token(context).orElseThrow());
      return Finding.pass(
          NAME, target.get().describe() + " accepts the token (HTTP " + status + " for user node)");
    } catch (JoinTrustException e) {
      return Finding.fail(
          NAME,
          e.problem(),
          e.fix().orElse("use the token `rancherd get-token` prints on a server"));
    }
  }
}
