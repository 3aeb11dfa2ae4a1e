package io.rancherd.standin;

/** Raised when the stand-in must stop with exit code 1, as k3s does on a fatal error. */
final class FatalException extends Exception {

  FatalException(String message) {
    super(message);
  }
}
