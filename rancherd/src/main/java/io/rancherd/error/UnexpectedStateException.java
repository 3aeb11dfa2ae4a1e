package io.rancherd.error;

/** The machine is not in the state a command needs (for example: no runtime installed yet). */
public class UnexpectedStateException extends RancherdException {

  public UnexpectedStateException(String message) {
    super(message);
  }
}
