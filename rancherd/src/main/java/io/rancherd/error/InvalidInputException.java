package io.rancherd.error;

/** The user's input (configuration or command line) is invalid; nothing on the machine changed. */
public class InvalidInputException extends RancherdException {

  public InvalidInputException(String message) {
    super(message);
  }

  public InvalidInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
