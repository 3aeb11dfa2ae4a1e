package io.rancherd.kube;

import io.rancherd.error.UnexpectedStateException;

/**
 * A kubeconfig is missing, unreadable or incomplete. The message starts with the file's machine
 * path and never contains a key or a token.
 */
public class KubeconfigException extends UnexpectedStateException {

  public KubeconfigException(String file, String problem) {
    super(file + ": " + problem);
  }
}
