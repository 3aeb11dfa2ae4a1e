package io.rancherd.plan.apply;

import io.rancherd.error.RancherdException;
import java.util.List;

/** A plan step failed: names the step, the exit status and the last lines of its output. */
public class StepFailedException extends RancherdException {

  private final String step;

  public StepFailedException(String step, String cause) {
    super("running step " + step + ": " + cause);
    this.step = step;
  }

  public String step() {
    return step;
  }

  /** The last output lines, on one line, for an error message. */
  static String describeTail(List<String> tail) {
    List<String> last = tail.size() > 5 ? tail.subList(tail.size() - 5, tail.size()) : tail;
    return last.isEmpty() ? "" : "; last output: " + String.join(" | ", last);
  }
}
