package io.rancherd.fs;

import java.nio.file.FileSystemException;
import java.nio.file.Path;

/**
 * Something other than what rancherd keeps in its data dir is in the way: a symbolic link, or a
 * file where a directory belongs. The message names the path and the fix.
 */
public final class UnsafePathException extends FileSystemException {

  private static final long serialVersionUID = 1L;

  UnsafePathException(Path path, String problem) {
    super(path.toString(), null, problem);
  }

  static UnsafePathException link(Path path) {
    return new UnsafePathException(
        path,
        "is a symbolic link, and rancherd follows none in its data dir: remove it (to keep the"
            + " data elsewhere, point --data-dir at the real directory)");
  }
}
