package io.rancherd.registry;

import io.rancherd.error.RancherdException;

/**
 * Pulling an image failed. The message is one line: the action and image, the registry endpoint,
 * the cause and the fix; it never holds a credential or a token.
 */
public class RegistryException extends RancherdException {

  /** What kind of failure, so that a caller can decide whether another endpoint may help. */
  public enum Kind {
    /** No answer: DNS, connection refused, timeout. */
    OFFLINE,
    /** TLS handshake or trust failure. */
    TLS,
    /** Credentials missing or rejected. */
    AUTH,
    /** The image, manifest or blob does not exist there (or not for this platform). */
    NOT_FOUND,
    /** A blob or manifest did not match its digest. */
    DIGEST,
    /** 5xx or 429: the registry may answer later. */
    UNAVAILABLE,
    /** Anything else the registry answered that cannot be used. */
    BAD_ANSWER,
    /** Writing the extracted files failed. */
    LOCAL
  }

  private final Kind kind;
  private final String problem;
  private final String fix;

  RegistryException(Kind kind, String action, String problem, String fix) {
    this(kind, action, problem, fix, null);
  }

  RegistryException(Kind kind, String action, String problem, String fix, Throwable cause) {
    super(action + ": " + problem + FIX + fix, cause);
    this.kind = kind;
    this.problem = problem;
    this.fix = fix;
  }

  public Kind kind() {
    return kind;
  }

  /** The cause, without the action and the fix. */
  public String problem() {
    return problem;
  }

  /** What to do about it. */
  public String fix() {
    return fix;
  }
}
