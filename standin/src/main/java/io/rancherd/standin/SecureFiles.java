package io.rancherd.standin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes files whole (temp file, then rename) with the mode set before any content is written. */
final class SecureFiles {

  static final String PRIVATE = "rw-------";
  static final String PUBLIC = "rw-r--r--";

  private SecureFiles() {}

  static void write(Path file, String content, String mode) {
    write(file, content.getBytes(StandardCharsets.UTF_8), mode);
  }

  static void write(Path file, byte[] content, String mode) {
    try {
      Files.createDirectories(file.getParent());
      Path temp =
          Files.createTempFile(
              file.getParent(),
              "." + file.getFileName(),
              ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode)));
      Files.write(temp, content);
      Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString(mode));
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + file, e);
    }
  }

  /**
   * A relative symlink {@code link -> target} (target's file name), unless {@code link} already
   * exists.
   */
  static void symlinkIfAbsent(Path link, Path target) {
    try {
      if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        Files.createSymbolicLink(link, link.getParent().relativize(target));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("linking " + link + " to " + target, e);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + file, e);
    }
  }
}
