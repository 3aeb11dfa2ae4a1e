package io.rancherd.plan.apply;

import io.rancherd.error.RancherdException;

/** A plan step failed: names the step, the exit status and the last lines of its output. */
class StepFailedException extends RancherdException {

  private final String step;

  public StepFailedException(String step, String cause) {
    super("running step " + step + ": " + cause);
    this.step = step;
  }

  public String step() {
    return step;
  }
}
