package io.rancherd.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rancherd.error.RancherdException;
import io.rancherd.testing.FakeClock;
import io.rancherd.wait.Sleeper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@SuppressWarnings("try") // locks held for a block, not referenced in it
class BootstrapLockTest {

  @TempDir Path dataDir;
  private final FakeClock clock = new FakeClock();
  private final List<String> progress = new ArrayList<>();

  @Test
  void theFirstBootstrapTakesTheLockAtOnceAndLeavesItsPidInAPrivateFile() throws Exception {
    try (BootstrapLock lock =
        BootstrapLock.acquire(dataDir.resolve("data"), clock, clock.sleeper(), progress::add)) {
      Path file = dataDir.resolve("data").resolve(BootstrapLock.FILE);
      assertEquals(ProcessHandle.current().pid() + "\n", Files.readString(file));
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
      assertEquals(List.of(), progress, "nobody to wait for");
    }
  }

  @Test
  void aSecondBootstrapWaitsForTheFirstSayingWhoItWaitsForAndThenGoesOn() throws Exception {
    BootstrapLock first = BootstrapLock.acquire(dataDir, clock, clock.sleeper(), s -> {});
    AtomicInteger sleeps = new AtomicInteger();
    Sleeper sleeper =
        d -> {
          clock.sleeper().sleep(d);
          if (sleeps.incrementAndGet() == 90) {
            closeUnchecked(first);
          }
        };

    try (BootstrapLock second = BootstrapLock.acquire(dataDir, clock, sleeper, progress::add)) {
      assertEquals(90, sleeps.get(), "it waited until the first one let go, not longer");
      String pid = String.valueOf(ProcessHandle.current().pid());
      assertEquals(2, progress.size(), "a line at once and one a minute later: " + progress);
      assertTrue(
          progress
              .get(0)
              .startsWith(
                  "Another rancherd bootstrap (pid "
                      + pid
                      + ") is running on this node (it holds "
                      + dataDir.resolve(BootstrapLock.FILE)
                      + "); waiting for it to finish"),
          progress.get(0));
      assertTrue(progress.get(1).endsWith(", 60 s so far"), progress.get(1));
    }
  }

  @Test
  void aDataDirThatCannotBeCreatedIsNamedWithTheCause() throws IOException {
    Path notADir = Files.writeString(dataDir.resolve("file"), "x");

    RancherdException e =
        assertThrows(
            RancherdException.class,
            () ->
                BootstrapLock.acquire(
                    notADir.resolve("data"), clock, clock.sleeper(), progress::add));

    assertTrue(
        e.getMessage()
            .startsWith(
                "taking the bootstrap lock "
                    + notADir.resolve("data").resolve(BootstrapLock.FILE)
                    + ": cannot create or open it ("),
        e.getMessage());
    assertTrue(
        e.getMessage().contains("Exception " + notADir + ";"),
        "names what is in the way: " + e.getMessage());
  }

  private static void closeUnchecked(BootstrapLock lock) {
    try {
      lock.close();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
