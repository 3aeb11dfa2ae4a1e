package io.rancherd.discovery;

import io.rancherd.error.RancherdException;

/**
 * Discovery cannot go on: the message names the action and the cause, then the fix when one is
 * known.
 */
final class DiscoveryException extends RancherdException {

  public DiscoveryException(String problem, String fix) {
    super(problem + FIX + fix);
  }

  public DiscoveryException(String message, Throwable cause) {
    super(message, cause);
  }
}
