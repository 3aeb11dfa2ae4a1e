package io.rancherd.join;

import io.rancherd.error.RancherdException;
import java.util.Optional;

/**
 * A join that cannot go on safely: the server is unreachable, not verified, or rejected the token.
 * The message is the problem, then {@code ; fix: } and the fix when one is known.
 */
public final class JoinTrustException extends RancherdException {

  private static final long serialVersionUID = 1L;

  private final String problem;
  private final String fix;

  public JoinTrustException(String problem, String fix) {
    super(problem + (fix == null ? "" : FIX + fix));
    this.problem = problem;
    this.fix = fix;
  }

  public JoinTrustException(String problem) {
    this(problem, null);
  }

  /** What went wrong, without the fix. */
  public String problem() {
    return problem;
  }

  public Optional<String> fix() {
    return Optional.ofNullable(fix);
  }
}
