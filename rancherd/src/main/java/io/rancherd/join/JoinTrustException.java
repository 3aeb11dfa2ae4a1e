package io.rancherd.join;

import io.rancherd.error.RancherdException;

/** A join that cannot go on safely: the server is unreachable, not verified, or rejected the token. */
public final class JoinTrustException extends RancherdException {

  private static final long serialVersionUID = 1L;

  public JoinTrustException(String message) {
    super(message);
  }
}
