package io.rancherd.cli;

/** rancherd's exit codes, listed in --help. */
final class ExitCodes {
  public static final int OK = 0;
  public static final int FAILURE = 1;
  public static final int INVALID_INPUT = 2;
  public static final int UNEXPECTED_STATE = 3;

  private ExitCodes() {}
}
