package io.rancherd.service;

import java.util.List;

/**
 * What a service manager can tell about a unit now: its state, a short description of it ({@code
 * failed}, {@code pid 4711}), the last lines of its log, and where a person reads the whole log
 * ({@code journalctl -u k3s}, or the log file of the direct manager).
 */
public record ServiceStatus(
    State state, String detail, List<String> lastLogLines, String wholeLog) {

  /** Whether the unit exists and runs. */
  public enum State {
    /** No unit of that name is installed. */
    NOT_INSTALLED,
    /** Installed and running. */
    ACTIVE,
    /** Installed and not running (stopped, failed, or still starting). */
    INACTIVE,
    /** The service manager could not be asked; {@link #detail()} says why. */
    UNKNOWN
  }

  public ServiceStatus {
    lastLogLines = List.copyOf(lastLogLines);
  }

  static ServiceStatus unknown(String why) {
    return new ServiceStatus(State.UNKNOWN, why, List.of(), "");
  }
}
