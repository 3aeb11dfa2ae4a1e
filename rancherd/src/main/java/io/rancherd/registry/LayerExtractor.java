package io.rancherd.registry;

import io.rancherd.registry.TarLayer.Entry;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Applies verified layer files, in order, onto a directory: regular files, directories, symbolic
 * and hard links with their permission bits, and the OCI whiteouts ({@code .wh.<name>} deletes a
 * lower layer's file, {@code .wh..wh..opq} empties a lower layer's directory). Entries whose path
 * leaves the directory, directly or through a symbolic link, are refused.
 */
final class LayerExtractor {

  static final String WHITEOUT = ".wh.";
  static final String OPAQUE = ".wh..wh..opq";

  private final Path root;

  LayerExtractor(Path root) {
    this.root = root;
  }

  /** Opens a layer file as a tar stream by its media type (gzip, uncompressed); null if unknown. */
  static InputStream open(Path file, String mediaType) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
    if (mediaType.endsWith("gzip") || mediaType.endsWith(".gzip") || mediaType.isEmpty()) {
      in.mark(2);
      int b1 = in.read();
      int b2 = in.read();
      in.reset();
      return b1 == 0x1f && b2 == 0x8b ? new GZIPInputStream(in, 64 * 1024) : in;
    }
    if (mediaType.endsWith(".tar") || mediaType.endsWith("tar")) {
      return in;
    }
    in.close();
    return null;
  }

  /** Applies one layer; an unsafe entry throws with its name. */
  void apply(InputStream layer) throws IOException {
    TarLayer tar = new TarLayer(layer);
    Set<Path> thisLayer = new HashSet<>();
    for (Entry entry = tar.next(); entry != null; entry = tar.next()) {
      Path rel = TarLayer.relative(entry.name());
      if (rel == null) {
        continue;
      }
      String base = rel.getFileName().toString();
      Path parent = safeParent(rel, entry.name());
      if (base.equals(OPAQUE)) {
        emptyExceptThisLayer(parent, thisLayer);
        continue;
      }
      if (base.startsWith(WHITEOUT)) {
        String hidden = base.substring(WHITEOUT.length());
        if (hidden.isEmpty() || hidden.equals(".") || hidden.equals("..")) {
          throw new IOException("the whiteout " + entry.name() + " names no file of the image");
        }
        deleteTree(parent.resolve(hidden));
        continue;
      }
      Path target = parent.resolve(base);
      thisLayer.add(target);
      switch (entry.type()) {
        case '5' -> {
          if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            deleteTree(target);
            Files.createDirectory(target);
          }
          setMode(target, entry.mode());
        }
        case '0', '7' -> {
          deleteTree(target);
          Files.copy(tar.content(), target);
          setMode(target, entry.mode());
        }
        case '2' -> {
          deleteTree(target);
          Files.createSymbolicLink(target, Path.of(entry.linkName()));
        }
        case '1' -> {
          Path linkRel = TarLayer.relative(entry.linkName());
          if (linkRel == null) {
            throw new IOException("the hard link " + entry.name() + " points outside the image");
          }
          Path source = safeParent(linkRel, entry.linkName()).resolve(linkRel.getFileName());
          deleteTree(target);
          Files.createLink(target, source);
        }
        default -> {
          // devices and FIFOs: an installer image has none, and a non-root pull cannot make them
        }
      }
    }
  }

  /** Moves everything under {@code root} into {@code target}, replacing what is there. */
  static void moveInto(Path from, Path target) throws IOException {
    Files.createDirectories(target);
    try (Stream<Path> children = Files.list(from)) {
      for (Path child : (Iterable<Path>) children::iterator) {
        Path dest = target.resolve(child.getFileName().toString());
        if (Files.isDirectory(dest, LinkOption.NOFOLLOW_LINKS)
            && Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
          moveInto(child, dest);
          continue;
        }
        deleteTree(dest);
        Files.move(child, dest, StandardCopyOption.ATOMIC_MOVE);
      }
    }
  }

  /**
   * The directory of {@code rel} under the extraction root, made one component at a time: each
   * existing component must be a real directory (not a symbolic link), so that nothing is ever
   * created outside the root, even by an entry under a link an earlier entry made.
   */
  private Path safeParent(Path rel, String name) throws IOException {
    Path parent = root;
    if (rel.getParent() != null) {
      for (Path component : rel.getParent()) {
        parent = parent.resolve(component.toString());
        if (Files.isSymbolicLink(parent)) {
          throw new IOException("the entry " + name + " leaves the image through a symbolic link");
        }
        if (!Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS)) {
          deleteTree(parent);
          Files.createDirectory(parent);
        }
      }
    }
    return parent;
  }

  private static void emptyExceptThisLayer(Path dir, Set<Path> thisLayer) throws IOException {
    try (Stream<Path> children = Files.list(dir)) {
      for (Path child : (Iterable<Path>) children::iterator) {
        if (!thisLayer.contains(child)) {
          deleteTree(child);
        }
      }
    }
  }

  static void deleteTree(Path path) throws IOException {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
      try (Stream<Path> walk = Files.walk(path)) {
        for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
          Files.delete(p);
        }
      }
    } else {
      Files.delete(path);
    }
  }

  private static void setMode(Path path, int mode) throws IOException {
    Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
      PosixFilePermission.OWNER_READ
    };
    for (int bit = 0; bit < 9; bit++) {
      if ((mode & (1 << bit)) != 0) {
        perms.add(order[bit]);
      }
    }
    if (Files.isDirectory(path)) {
      perms.add(PosixFilePermission.OWNER_WRITE);
      perms.add(PosixFilePermission.OWNER_EXECUTE);
    }
    perms.add(PosixFilePermission.OWNER_READ);
    Files.setPosixFilePermissions(path, perms);
  }
}
