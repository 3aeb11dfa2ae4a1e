package io.rancherd.error;

/**
 * Base of rancherd's checked domain exceptions. The message is one line that names the action, the
 * target and the cause; it never contains a secret.
 */
public class RancherdException extends Exception {

  /** How a message introduces its fix, when one is known: {@code <problem>; fix: <fix>}. */
  public static final String FIX = "; fix: ";

  public RancherdException(String message) {
    super(message);
  }

  public RancherdException(String message, Throwable cause) {
    super(message, cause);
  }
}
