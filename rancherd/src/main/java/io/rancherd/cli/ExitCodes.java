package io.rancherd.cli;

/** rancherd's exit codes, listed in --help. */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int FAILURE = 1;
  public static final int INVALID_INPUT = 2;
  public static final int UNEXPECTED_STATE = 3;

  static final String[] LIST = {
    "0:ok",
    "1:failure: the job was not done (the message says why)",
    "2:invalid input: configuration or command line; nothing on the machine changed",
    "3:unexpected state: the machine is not in the state the command needs",
  };

  private ExitCodes() {}
}
