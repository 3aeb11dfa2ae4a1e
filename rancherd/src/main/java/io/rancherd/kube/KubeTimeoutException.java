package io.rancherd.kube;

/**
 * What was awaited in the cluster did not happen in time; the message says what, what was last seen
 * and where to look.
 */
class KubeTimeoutException extends KubeException {

  public KubeTimeoutException(String message) {
    super(message);
  }
}
