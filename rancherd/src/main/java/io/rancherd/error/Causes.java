package io.rancherd.error;

/** How a failure's cause reads in a one-line message. */
public final class Causes {

  private Causes() {}

  /**
   * The exception's message, with its cause's when that adds something ("... : Connection
   * refused"), on one line; the class name when there is no message.
   */
  public static String describe(Throwable e) {
    String message =
        e.getMessage() == null || e.getMessage().isBlank()
            ? e.getClass().getSimpleName()
            : e.getMessage();
    Throwable cause = e.getCause();
    if (cause != null && cause.getMessage() != null && !message.contains(cause.getMessage())) {
      message = message + ": " + cause.getMessage();
    }
    return message.replaceAll("\\s+", " ").trim();
  }
}
