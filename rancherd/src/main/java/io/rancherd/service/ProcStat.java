package io.rancherd.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The state field of {@code /proc/<pid>/stat}: the JDK counts a zombie (a process that exited and
 * was not reaped yet, as a service whose parent is gone can stay in a container without an init) as
 * alive; rancherd does not.
 */
final class ProcStat {

  private ProcStat() {}

  /** Whether {@code /proc} shows the process {@code pid} exited (a zombie, or dead). */
  static boolean exited(long pid) {
    String stat;
    try {
      stat = Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      return false; // gone, or no /proc: the caller asked ProcessHandle already
    }
    // "pid (comm) state ...": comm may hold spaces and parentheses, so the state follows the
    // last ')'.
    int close = stat.lastIndexOf(')');
    String rest = close < 0 ? "" : stat.substring(close + 1).trim();
    return !rest.isEmpty() && "ZXx".indexOf(rest.charAt(0)) >= 0;
  }
}
