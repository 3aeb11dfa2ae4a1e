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
    return last.isEmpty() ? "" : "; last output: " + String.join(" | ", last);
  }
}
