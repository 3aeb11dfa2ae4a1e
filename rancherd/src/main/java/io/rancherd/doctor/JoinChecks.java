package io.rancherd.doctor;

import io.rancherd.config.LoadedConfig;
import io.rancherd.join.JoinTarget;
import io.rancherd.join.JoinTrust;
import io.rancherd.secret.Secret;
import io.rancherd.wait.Sleeper;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What the {@code ca} and {@code token} checks share: the join target and a one-shot {@link
 * JoinTrust}.
 */
final class JoinChecks {

  private JoinChecks() {}

  /** The supervisor this node joins, when it joins and has a token to join with. */
  static Optional<JoinTarget> target(DoctorContext context) {
    if (context.supervisorUrl().isEmpty()
        || context.decision().isEmpty()
        || token(context).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new JoinTarget(
            context.supervisorUrl().get(),
            context.runtime().orElseThrow(),
            context.decision().get().server()));
  }

  static Optional<Secret> token(DoctorContext context) {
    return context.config().map(LoadedConfig::config).flatMap(c -> c.cluster().token());
  }

  /** A JoinTrust that looks once: warnings go to {@code warnings}, nothing is awaited. */
  static JoinTrust trust(DoctorContext context, List<String> warnings) {
    return new JoinTrust(
        context.clock(),
        Sleeper.SYSTEM,
        new JoinTrust.Output(line -> {}, warnings::add),
        JoinTrust.timing(Duration.ZERO),
        context.timeout(),
        SecureRandom::new);
  }
}
