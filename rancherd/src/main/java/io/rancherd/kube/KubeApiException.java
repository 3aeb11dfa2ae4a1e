package io.rancherd.kube;

/**
 * A request to the Kubernetes API failed: no connection, a TLS failure, an error status or a
 * response that is not JSON. {@link #status()} is the HTTP status, 0 when there was no response.
 */
class KubeApiException extends KubeException {

  private final int status;

  public KubeApiException(String message, int status) {
    super(message);
    this.status = status;
  }

  public KubeApiException(String message, Throwable cause) {
    super(message, cause);
    this.status = 0;
  }

  public int status() {
    return status;
  }

  @Override
  public boolean transientFailure() {
    return status == 0 || status == 429 || status >= 500;
  }

  /** 401 or 403: the credentials will not start working by waiting. */
  public boolean credentialsRejected() {
    return status == 401 || status == 403;
  }
}
