package io.rancherd.fs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A directory tree only rancherd writes: its data dir. The tree's directory and every directory
 * below it are real directories with mode 0700, and its files 0600, whatever the umask (the mode is
 * set again after each create). A symbolic link where rancherd expects one of its directories, or a
 * file it opens in place ({@code bootstrap.lock}, a service log), is refused with an error naming
 * the path and the fix: following it would let the link decide where the token goes. Files replaced
 * atomically replace a link at their own path and never write through it. The tree's ancestors may
 * be links ({@code /var/lib/rancher} on another disk).
 *
 * <p>Checking a path and then using it leaves no window for another user: only the owner can create
 * or rename entries in a 0700 directory, and each directory is checked from the tree's top down.
 */
public record PrivateTree(Path dir) {

  static final Set<PosixFilePermission> FILE_MODE =
      PosixFilePermissions.fromString(AtomicFiles.PRIVATE);
  static final Set<PosixFilePermission> DIR_MODE =
      PosixFilePermissions.fromString(AtomicFiles.PRIVATE_DIR);

  public PrivateTree {
    dir = dir.toAbsolutePath().normalize();
  }

  /** Whether {@code path} is the tree's directory or below it. */
  public boolean contains(Path path) {
    return path.toAbsolutePath().normalize().startsWith(dir);
  }

  /**
   * {@code directory} (the tree's directory or one below it) as a real directory with mode 0700:
   * missing ones are created, existing ones get mode 0700; missing ancestors of the tree get 0755.
   *
   * @throws UnsafePathException naming the path when a link or a file is in the way
   */
  public Path directory(Path directory) throws IOException {
    Path target = directory.toAbsolutePath().normalize();
    if (!target.startsWith(dir)) {
      throw new IllegalArgumentException(target + " is not in " + dir);
    }
    AtomicFiles.createDirectories(dir.getParent(), AtomicFiles.PUBLIC_DIR);
    Path current = dir;
    realDirectory(current);
    for (int i = dir.getNameCount(); i < target.getNameCount(); i++) {
      current = current.resolve(target.getName(i));
      realDirectory(current);
    }
    return target;
  }

  /** Writes {@code file} (in the tree) atomically with mode 0600. */
  public void write(Path file, byte[] content) throws IOException {
    directory(file.getParent());
    AtomicFiles.write(file, content, AtomicFiles.PRIVATE, AtomicFiles.PRIVATE_DIR);
  }

  /**
   * Opens {@code file} (in the tree) in place with {@code options}, never through a link; created
   * with mode 0600 when {@code options} hold {@link StandardOpenOption#CREATE}, and kept at 0600.
   */
  public FileChannel open(Path file, OpenOption... options) throws IOException {
    directory(file.getParent());
    Set<OpenOption> all = new LinkedHashSet<>(List.of(options));
    all.add(LinkOption.NOFOLLOW_LINKS);
    FileChannel channel;
    try {
      channel = FileChannel.open(file, all, PosixFilePermissions.asFileAttribute(FILE_MODE));
    } catch (IOException e) {
      // O_NOFOLLOW fails on a link (ELOOP, which the JDK reports as a plain IOException).
      if (Files.isSymbolicLink(file)) {
        throw UnsafePathException.link(file);
      }
      throw e;
    }
    try {
      if (!Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS).equals(FILE_MODE)) {
        Files.setPosixFilePermissions(file, FILE_MODE);
      }
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    return channel;
  }

  /**
   * Creates {@code file} (in the tree) empty with mode 0600 unless it exists, for a process to
   * append to by name (a service's log); refuses a link there.
   */
  public Path appendable(Path file) throws IOException {
    open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)
        .close();
    return file;
  }

  /**
   * Removes what writers killed in the middle left in the tree: the temporary files of atomic
   * writes ({@code .<name>.tmp-<pid>}) whose process is gone. Returns the files removed.
   */
  public List<Path> removeStaleTemps() throws IOException {
    List<Path> removed = new ArrayList<>();
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return removed;
    }
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
              throws IOException {
            if (AtomicFiles.isStaleTemp(file, attributes)) {
              Files.deleteIfExists(file);
              removed.add(file);
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) {
            return FileVisitResult.CONTINUE;
          }
        });
    return removed;
  }

  private static void realDirectory(Path dir) throws IOException {
    PosixFileAttributes attributes;
    try {
      attributes = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      try {
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
      } catch (FileAlreadyExistsException raced) {
        realDirectory(dir);
        return;
      }
      Files.setPosixFilePermissions(dir, DIR_MODE);
      return;
    }
    if (attributes.isSymbolicLink()) {
      throw UnsafePathException.link(dir);
    }
    if (!attributes.isDirectory()) {
      throw new UnsafePathException(
          dir, "is not a directory, and rancherd keeps its own files there: move it away");
    }
    if (!attributes.permissions().equals(DIR_MODE)) {
      Files.setPosixFilePermissions(dir, DIR_MODE);
    }
  }
}
