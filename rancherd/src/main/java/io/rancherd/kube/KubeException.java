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
}
