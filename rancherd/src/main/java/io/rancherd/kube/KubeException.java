package io.rancherd.kube;

import io.rancherd.error.RancherdException;

/** Talking to the Kubernetes API, or waiting on it, failed. */
public class KubeException extends RancherdException {

  public KubeException(String message) {
    super(message);
  }

  public KubeException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Whether waiting may cure it: no answer, or the API server answered that it cannot serve now
   * (5xx, 429), as while the runtime restarts. False for everything else.
   */
  public boolean transientFailure() {
    return false;
  }
}
