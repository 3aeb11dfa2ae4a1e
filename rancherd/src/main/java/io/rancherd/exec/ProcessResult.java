package io.rancherd.exec;

import java.util.List;

/** How a process ended: its exit status (-1 when it timed out) and the last lines of its output. */
public record ProcessResult(int exitCode, boolean timedOut, List<String> tail) {

  public ProcessResult {
    tail = List.copyOf(tail);
  }

  public boolean succeeded() {
    return exitCode == 0 && !timedOut;
  }

  /**
   * The last lines of the output on one line for an error message ("; last output: a | b"), or "".
   */
  public String lastOutput() {
    List<String> last = tail.size() > 5 ? tail.subList(tail.size() - 5, tail.size()) : tail;
    return last.isEmpty() ? "" : LAST_OUTPUT + String.join(" | ", last);
  }

  /** What introduces the last output in a failure message. */
  public static final String LAST_OUTPUT = "; last output: ";

  /**
   * A failure message for the log of the rancherd that ran the step: without the last output when
   * its last line is the step's own error line ({@code rancherd: ...} or {@code ERROR ...}), which
   * was relayed to the log as an error already, so that a failure is said once per try. Stamps and
   * the exit line keep the whole message.
   */
  public static String forLog(String message) {
    int at = message.lastIndexOf(LAST_OUTPUT);
    if (at < 0) {
      return message;
    }
    String output = message.substring(at + LAST_OUTPUT.length());
    String lastLine = output.substring(output.lastIndexOf(" | ") + 1).trim();
    boolean relayedAsError = lastLine.startsWith(STEP_ERROR) || lastLine.startsWith("ERROR ");
    return relayedAsError ? message.substring(0, at) + " (the step's error is above)" : message;
  }

  /** How a rancherd step prints its error, on one line of its stderr. */
  public static final String STEP_ERROR = "rancherd: ";
}
