package io.rancherd.bootstrap;

import io.rancherd.error.RancherdException;
import io.rancherd.role.RoleDecision;
import io.rancherd.state.NodeState;
import io.rancherd.state.Stamp;
import io.rancherd.state.Stamps;
import java.io.IOException;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the attempts of a bootstrap record in the stamps: the decision and the plan at every attempt
 * ({@code working}), the failure of an attempt, and {@code bootstrapped} at the end. A stamp never
 * holds the token.
 */
final class AttemptStamps {

  private static final Logger LOG = LoggerFactory.getLogger(AttemptStamps.class);

  private final NodeState state;
  private final Stamps stamps;
  private final Clock clock;

  AttemptStamps(NodeState state, Clock clock) {
    this.state = state;
    this.stamps = state.stamps();
    this.clock = clock;
  }

  /** The decided role, recorded before anything can fail on the way to the plan. */
  static Stamp decided(RoleDecision decision) {
    return Stamp.decided(
        decision.label(), decision.configuredRole(), decision.runtime().id(), decision.reason());
  }

  /** What a stamp records: the decision and the plan, never the token. */
  static Stamp summary(PreparedPlan prepared) {
    return decided(prepared.decision())
        .withPlan(
            "sha256:" + prepared.checksum(),
            prepared.token().source().name().toLowerCase(Locale.ROOT));
  }

  /**
   * Writes {@code stamp} with the attempt to {@code working}, keeping the last failed attempt's
   * error.
   */
  void working(Stamp stamp, int attempt) throws RancherdException {
    Optional<String> lastError = stamps.working().flatMap(Stamp::lastFailure);
    try {
      stamps.writeWorking(
          stamp.withAttempt(attempt).withLastError(lastError.orElse(null)), clock.instant());
    } catch (IOException e) {
      throw new RancherdException(
          "writing the working stamp in " + state.dir() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Keeps the failure of an attempt in the {@code working} stamp, so that {@code status} and {@code
   * doctor} can name it even when it happened before the plan was written (a join that could not
   * verify its server). Messages never hold secrets.
   */
  void failed(int attempt, RancherdException failure) {
    Stamp failed =
        stamps
            .working()
            .orElse(Stamp.decided(null, null, null, null))
            .withAttempt(attempt)
            .withLastError(failure.getMessage());
    try {
      stamps.writeWorking(failed, clock.instant());
    } catch (IOException e) {
      LOG.warn("Cannot record the failure in {}: {}", state.shown(Stamps.WORKING), e.getMessage());
    }
  }

  /**
   * Writes {@code bootstrapped} (without the attempt and its failure) and removes {@code working}.
   */
  void bootstrapped(Stamp summary) throws RancherdException {
    try {
      stamps.writeBootstrapped(summary.done(), clock.instant());
    } catch (IOException e) {
      throw new RancherdException(
          "writing the bootstrapped stamp in " + state.dir() + ": " + e.getMessage(), e);
    }
  }
}
