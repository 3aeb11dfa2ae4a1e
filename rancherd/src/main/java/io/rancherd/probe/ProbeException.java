package io.rancherd.probe;

import io.rancherd.error.RancherdException;

/** Probes did not all become healthy in time. */
class ProbeException extends RancherdException {

  public ProbeException(String message) {
    super(message);
  }
}
