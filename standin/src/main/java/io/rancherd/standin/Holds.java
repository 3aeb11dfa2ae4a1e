package io.rancherd.standin;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Test switches: while {@code <root>/var/lib/standin/hold-<what>} exists, that part of the stand-in
 * stays not ready ({@code readyz}, {@code node}, {@code rancher}) or does not start ({@code
 * start}).
 */
final class Holds {

  private final Path dir;

  Holds(MachineRoot root) {
    this.dir = root.standinState();
  }

  boolean held(String what) {
    return Files.exists(dir.resolve("hold-" + what));
  }

  /** Waits, checking every 100 ms, until {@code hold-start} is gone. */
  void awaitStart() throws InterruptedException {
    if (held("start")) {
      Log.info("waiting: " + dir.resolve("hold-start") + " exists");
      while (held("start")) {
        Thread.sleep(100);
      }
      Log.info("hold-start removed, starting");
    }
  }
}
