package io.rancherd.standin;

import java.io.IOException;

/**
 * Tells systemd the service is ready when started by a {@code Type=notify} unit. The JVM cannot
 * write to the datagram socket itself, so {@code systemd-notify} is run; the stand-in units say
 * {@code NotifyAccess=all} so that systemd accepts the message from that child.
 */
final class SystemdNotify {

  private SystemdNotify() {}

  static void ready() {
    if (System.getenv("NOTIFY_SOCKET") == null) {
      return;
    }
    try {
      Process process =
          new ProcessBuilder("systemd-notify", "--ready", "--pid=" + ProcessHandle.current().pid())
              .inheritIO()
              .start();
      int code = process.waitFor();
      Log.info("systemd-notify --ready exited with " + code);
    } catch (IOException e) {
      Log.warn("systemd-notify failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
