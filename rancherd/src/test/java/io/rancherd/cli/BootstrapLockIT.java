package io.rancherd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two bootstraps on one node (the systemd unit and a cloud-init runcmd, say): the second waits for
 * the first, names it, and then finds the node bootstrapped instead of running the plan again.
 */
@SuppressWarnings("try") // the lock is held for a block, not referenced in it
class BootstrapLockIT {

  @TempDir Path root;

  @Test
  void aSecondBootstrapWaitsForTheFirstAndThenFindsTheNodeBootstrapped() throws Exception {
    Path dataDir = Files.createDirectories(root.resolve("var/lib/rancher/rancherd"));
    Path log = root.resolve("second.log");
    Process second;
    try (FileChannel channel =
            FileChannel.open(
                dataDir.resolve("bootstrap.lock"),
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock held = channel.lock()) {
      // Through the locking channel: closing any other descriptor of the file would drop a POSIX
      // lock.
      channel.write(
          ByteBuffer.wrap(
              (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
      Path config = Files.writeString(root.resolve("config.yaml"), "role: cluster-init\n");
      second =
          Launcher.start(root, Map.of(), log, "bootstrap", "--once", "--config", config.toString());
      awaitLine(
          log,
          second,
          "Another rancherd bootstrap (pid "
              + ProcessHandle.current().pid()
              + ") is running on this node");
      assertTrue(second.isAlive(), "it waits while the lock is held:\n" + Launcher.readString(log));
      Launcher.Result status = Launcher.run(root, "status");
      assertTrue(
          status
              .stdout()
              .contains(
                  "running now:  yes, pid "
                      + ProcessHandle.current().pid()
                      + " (it holds "
                      + "/var/lib/rancher/rancherd/bootstrap.lock)"),
          status::describe);
      Files.writeString(dataDir.resolve("bootstrapped"), "role: cluster-init\n");
    }

    assertTrue(
        second.waitFor(60, TimeUnit.SECONDS),
        "it goes on once the lock is free:\n" + Launcher.readString(log));
    assertEquals(0, second.exitValue(), Launcher.readString(log));
    assertTrue(
        Launcher.readString(log).contains("This node is already bootstrapped"),
        Launcher.readString(log));
    Launcher.Result status = Launcher.run(root, "status");
    assertTrue(status.stdout().contains("running now:  no"), status::describe);
  }

  private static void awaitLine(Path log, Process process, String text)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (!Launcher.readString(log).contains(text)) {
      if (Instant.now().isAfter(deadline) || !process.isAlive()) {
        process.destroyForcibly();
        fail("no line \"" + text + "\":\n" + Launcher.readString(log));
      }
      Thread.sleep(50);
    }
  }
}
