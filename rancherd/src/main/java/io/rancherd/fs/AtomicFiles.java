package io.rancherd.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes files atomically: a temporary file in the same directory, created with the final
 * permissions (so a secret is never readable by others, even briefly), written, fsynced, then
 * renamed over the target. Parent directories are created with the given mode.
 */
public final class AtomicFiles {

  public static final String PRIVATE = "rw-------";
  public static final String PRIVATE_DIR = "rwx------";
  public static final String PUBLIC_DIR = "rwxr-xr-x";

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
    Path temp =
        target.resolveSibling("." + target.getFileName() + ".tmp-" + ProcessHandle.current().pid());
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
