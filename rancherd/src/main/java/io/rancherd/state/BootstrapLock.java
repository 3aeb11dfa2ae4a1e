package io.rancherd.state;

import io.rancherd.error.RancherdException;
import io.rancherd.fs.PrivateTree;
import io.rancherd.fs.UnsafePathException;
import io.rancherd.wait.Sleeper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One bootstrap at a time on a node: the systemd unit, a cloud-init {@code runcmd} and a run by
 * hand may all start {@code rancherd bootstrap}. The first takes an exclusive lock on {@code
 * <data-dir>/bootstrap.lock} (and writes its pid there); the others wait for it, saying who they
 * wait for, and then find the node bootstrapped or go on where it stopped. The lock is the
 * kernel's, so it goes away with the process that held it, however that process ended.
 */
public final class BootstrapLock implements AutoCloseable {

  public static final String FILE = "bootstrap.lock";

  static final Duration POLL = Duration.ofSeconds(1);
  static final Duration PROGRESS_EVERY = Duration.ofSeconds(60);

  private final FileChannel channel;
  private final FileLock lock;

  private BootstrapLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the lock in {@code dataDir}, waiting as long as another bootstrap holds it. */
  public static BootstrapLock acquire(
      Path dataDir, Clock clock, Sleeper sleeper, Consumer<String> progress)
      throws RancherdException, InterruptedException {
    Path file = dataDir.resolve(FILE);
    FileChannel channel = open(file);
    try {
      FileLock lock = tryLock(channel, file);
      Instant since = clock.instant();
      Instant nextProgress = since;
      while (lock == null) {
        Instant now = clock.instant();
        if (!now.isBefore(nextProgress)) {
          progress.accept(waitingLine(file, Duration.between(since, now)));
          nextProgress = now.plus(PROGRESS_EVERY);
        }
        sleeper.sleep(POLL);
        lock = tryLock(channel, file);
      }
      writePid(channel, file);
      return new BootstrapLock(channel, lock);
    } catch (RancherdException | InterruptedException | RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  /** Takes the lock in {@code dataDir} if no other process holds it; never waits. */
  public static Optional<BootstrapLock> tryAcquire(Path dataDir) throws RancherdException {
    Path file = dataDir.resolve(FILE);
    FileChannel channel = open(file);
    try {
      FileLock lock = tryLock(channel, file);
      if (lock == null) {
        closeQuietly(channel);
        return Optional.empty();
      }
      writePid(channel, file);
      return Optional.of(new BootstrapLock(channel, lock));
    } catch (RancherdException | RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  /**
   * Whether a bootstrap runs on this node now: "pid N" (or "a process" when the file names none)
   * while another process holds the lock; empty when none does, or when this process may not open
   * the file to ask. Never creates the file.
   */
  public static Optional<String> holder(Path dataDir) {
    Path file = dataDir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      FileLock probe = channel.tryLock(0, Long.MAX_VALUE, true);
      if (probe != null) {
        probe.release();
        return Optional.empty();
      }
    } catch (OverlappingFileLockException e) {
      // held by this very process
    } catch (IOException e) {
      return Optional.empty();
    }
    String pid = holderPid(file);
    return Optional.of(pid.isEmpty() ? "a process" : "pid " + pid);
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }

  private static FileChannel open(Path file) throws RancherdException {
    try {
      return new PrivateTree(file.getParent())
          .open(file, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE);
    } catch (UnsafePathException e) {
      throw new RancherdException("taking the bootstrap lock: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new RancherdException(
          "taking the bootstrap lock "
              + file
              + ": cannot create or open it ("
              + e.getClass().getSimpleName()
              + " "
              + e.getMessage()
              + "; rancherd bootstrap runs as root; check the data dir's permissions)",
          e);
    }
  }

  /** The lock, or null while another process (or another channel of this one) holds it. */
  private static FileLock tryLock(FileChannel channel, Path file) throws RancherdException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      return null;
    } catch (IOException e) {
      throw new RancherdException("taking the bootstrap lock " + file + ": " + e.getMessage(), e);
    }
  }

  private static String waitingLine(Path file, Duration waited) {
    String holder = holderPid(file);
    return "Another rancherd bootstrap"
        + (holder.isEmpty() ? "" : " (pid " + holder + ")")
        + " is running on this node (it holds "
        + file
        + "); waiting for it to finish"
        + (waited.isZero() ? "" : ", " + waited.toSeconds() + " s so far");
  }

  private static String holderPid(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
      return text.matches("[0-9]{1,10}") ? text : "";
    } catch (IOException e) {
      return "";
    }
  }

  private static void writePid(FileChannel channel, Path file) throws RancherdException {
    try {
      channel.truncate(0);
      channel.write(
          ByteBuffer.wrap(
              (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)),
          0);
      channel.force(false);
    } catch (IOException e) {
      throw new RancherdException(
          "writing this process's pid to the bootstrap lock " + file + ": " + e.getMessage(), e);
    }
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // already failing; the first error is the one reported
    }
  }
}
