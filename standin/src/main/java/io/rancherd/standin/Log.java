package io.rancherd.standin;

/**
 * Log lines of the stand-in: stdout for progress, stderr for problems, each with the {@code
 * standin:} prefix.
 */
final class Log {

  private Log() {}

  static void info(String message) {
    System.out.println("standin: " + message);
    System.out.flush();
  }

  static void warn(String message) {
    System.err.println("standin: " + message);
    System.err.flush();
  }
}
