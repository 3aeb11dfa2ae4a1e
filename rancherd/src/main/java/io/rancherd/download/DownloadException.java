package io.rancherd.download;

import io.rancherd.error.RancherdException;

/**
 * A release lookup or download failed. The message is one line naming the action, the URL, the
 * cause and the fix; {@link #reason()} lets a caller tell an offline node (where an air-gap install
 * may be the answer) from a server that answered something unusable.
 */
public class DownloadException extends RancherdException {

  /** Why the lookup or download failed. */
  public enum Reason {
    /** No answer at all: DNS failure, refused or unreachable connection, timeout. */
    OFFLINE,
    /** The TLS handshake failed, usually because the server's certificate is not trusted. */
    TLS,
    /** The server answered, but not with what was expected. */
    BAD_ANSWER
  }

  private final Reason reason;

  DownloadException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  DownloadException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
