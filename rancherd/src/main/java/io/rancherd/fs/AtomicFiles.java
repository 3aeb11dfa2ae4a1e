package io.rancherd.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes files atomically: a temporary file in the same directory ({@code .<name>.tmp-<pid>}),
 * created with the final permissions (so a secret is never readable by others, even briefly),
 * written, fsynced, then renamed over the target. Parent directories are created with the given
 * mode. A temporary file that a killed writer left beside the target is removed at the next write
 * of that target (and in the data dir by {@link PrivateTree#removeStaleTemps()}).
 */
public final class AtomicFiles {

  public static final String PRIVATE = "rw-------";
  public static final String PRIVATE_DIR = "rwx------";
  public static final String PUBLIC_DIR = "rwxr-xr-x";

  private static final String TEMP_MARK = ".tmp-";
  private static final Pattern TEMP = Pattern.compile("\\..+\\.tmp-([0-9]{1,10})");

  /**
   * How much later than a temporary file's last write a live process with the writer's pid must
   * have started to count as another process (the pid reused, after a reboot): process start times
   * are known to about a second.
   */
  private static final Duration PID_REUSE_MARGIN = Duration.ofSeconds(2);

  private AtomicFiles() {}

  /** Writes {@code content} to {@code target} with {@code permissions} (e.g. "rw-------"). */
  public static void write(Path target, byte[] content, String permissions, String dirPermissions)
      throws IOException {
    replace(
        target,
        permissions,
        dirPermissions,
        channel -> {
          ByteBuffer buffer = ByteBuffer.wrap(content);
          while (buffer.hasRemaining()) {
            channel.write(buffer);
          }
        });
  }

  /**
   * Copies {@code source} to {@code target} with {@code permissions}, streaming (for large image
   * archives), and gives the copy the source's modification time.
   */
  public static void copy(Path source, Path target, String permissions, String dirPermissions)
      throws IOException {
    replace(
        target,
        permissions,
        dirPermissions,
        channel -> {
          try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ)) {
            long size = in.size();
            long done = 0;
            while (done < size) {
              done += in.transferTo(done, size - done, channel);
            }
          }
        });
    Files.setLastModifiedTime(target, Files.getLastModifiedTime(source));
  }

  /**
   * Whether {@code target} is a copy of {@code source} made by {@link #copy}: same size and time.
   */
  public static boolean sameCopy(Path source, Path target) throws IOException {
    return Files.isRegularFile(target)
        && Files.size(source) == Files.size(target)
        && Files.getLastModifiedTime(source).equals(Files.getLastModifiedTime(target));
  }

  @FunctionalInterface
  private interface Writer {
    void writeTo(FileChannel channel) throws IOException;
  }

  private static void replace(Path target, String permissions, String dirPermissions, Writer writer)
      throws IOException {
    createDirectories(target.getParent(), dirPermissions);
    Set<PosixFilePermission> perms = PosixFilePermissions.fromString(permissions);
    Path temp = target.resolveSibling(tempPrefix(target) + ProcessHandle.current().pid());
    removeStaleTemps(target);
    Files.deleteIfExists(temp);
    try (FileChannel channel =
        FileChannel.open(
            temp,
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
            PosixFilePermissions.asFileAttribute(perms))) {
      writer.writeTo(channel);
      channel.force(true);
    }
    Files.setPosixFilePermissions(temp, perms);
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static String tempPrefix(Path target) {
    return "." + target.getFileName() + TEMP_MARK;
  }

  /** Removes the temporary files of earlier writes of {@code target} whose writer is gone. */
  private static void removeStaleTemps(Path target) throws IOException {
    String prefix = tempPrefix(target);
    try (DirectoryStream<Path> siblings =
        Files.newDirectoryStream(
            target.getParent(), p -> p.getFileName().toString().startsWith(prefix))) {
      for (Path sibling : siblings) {
        BasicFileAttributes attributes;
        try {
          attributes =
              Files.readAttributes(sibling, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
          continue;
        }
        if (isStaleTemp(sibling, attributes)) {
          Files.deleteIfExists(sibling);
        }
      }
    }
  }

  /**
   * Whether {@code file} is the temporary file of an atomic write whose writer is gone: no process
   * has its pid now, or the one that has started well after the file was last written (the pid was
   * reused). A live writer's file, this process's included, is kept.
   */
  static boolean isStaleTemp(Path file, BasicFileAttributes attributes) {
    Matcher name = TEMP.matcher(file.getFileName().toString());
    if (!attributes.isRegularFile() || !name.matches()) {
      return false;
    }
    long pid = Long.parseLong(name.group(1));
    if (pid == ProcessHandle.current().pid()) {
      return false;
    }
    return runningSince(pid, attributes.lastModifiedTime().toInstant()).isEmpty();
  }

  /**
   * The process with {@code pid}, if it runs and already ran at {@code time} (when it wrote a file,
   * or a file recording its pid was written): a process with that pid that started well after is
   * another one (the pid was reused, after a reboot). A process whose start time is unknown counts.
   */
  public static Optional<ProcessHandle> runningSince(long pid, Instant time) {
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(
            process ->
                process
                    .info()
                    .startInstant()
                    .map(start -> !start.isAfter(time.plus(PID_REUSE_MARGIN)))
                    .orElse(true));
  }

  /**
   * Writes a private (0600) file; a missing parent directory is created private (0700), missing
   * ancestors above it 0755.
   */
  public static void writePrivate(Path target, byte[] content) throws IOException {
    createDirectories(target.getParent().getParent(), PUBLIC_DIR);
    write(target, content, PRIVATE, PRIVATE_DIR);
  }

  /**
   * Creates {@code dir} and its missing parents with {@code permissions}; existing ones are kept.
   */
  public static void createDirectories(Path dir, String permissions) throws IOException {
    if (dir == null || Files.isDirectory(dir)) {
      return;
    }
    createDirectories(dir.getParent(), permissions);
    try {
      Files.createDirectory(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions)));
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(permissions));
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(dir)) {
        throw e;
      }
    }
  }
}
