package io.rancherd.state;

import java.util.Locale;

/**
 * Where a node's bootstrap stands, in one word, and the exit code {@code rancherd status} gives for
 * it (documented in its --help): 0 bootstrapped, 1 its last attempt failed and no bootstrap runs
 * now (it gave up: {@code --once}, or it was stopped), 3 not bootstrapped yet (not started, running
 * or retrying, interrupted).
 */
public enum Progress {
  /** The bootstrapped stamp is there. */
  BOOTSTRAPPED(0),
  /** The last attempt failed and no bootstrap runs now. */
  FAILED(1),
  /** A bootstrap runs now (it holds the lock), possibly after failed attempts. */
  RUNNING(3),
  /** An attempt began and did not finish, and nothing runs now: the next start resumes it. */
  INTERRUPTED(3),
  /** No bootstrap has begun. */
  NOT_STARTED(3);

  private final int exitCode;

  Progress(int exitCode) {
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }

  /** Whether waiting for this node can end: it is bootstrapped, or it has given up. */
  public boolean settled() {
    return this == BOOTSTRAPPED || this == FAILED;
  }

  /** The name in status output and JSON: {@code bootstrapped}, {@code not-started} ... */
  public String wire() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Where the bootstrap of the node in {@code state} stands now. */
  public static Progress of(NodeState state) {
    Stamps stamps = state.stamps();
    if (stamps.bootstrappedExists()) {
      return BOOTSTRAPPED;
    }
    if (state.bootstrapRunning().isPresent()) {
      return RUNNING;
    }
    return stamps
        .working()
        .map(w -> w.lastFailure().isPresent() ? FAILED : INTERRUPTED)
        .orElse(NOT_STARTED);
  }
}
