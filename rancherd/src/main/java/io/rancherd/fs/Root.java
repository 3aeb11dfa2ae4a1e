package io.rancherd.fs;

import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The filesystem root rancherd works under. Every absolute machine path rancherd reads or writes
 * ({@code /etc/rancher/...}, {@code /var/lib/rancher/...}) goes through {@link #path(String)}, so
 * tests and image builds can run against a directory instead of the real {@code /}.
 */
public record Root(Path dir) {

  public static final Root SYSTEM = new Root(Paths.get("/"));

  public Root {
    dir = dir.toAbsolutePath().normalize();
  }

  /** Whether this is the real {@code /}. */
  public boolean isSystem() {
    return dir.getParent() == null;
  }

  /** The real location of the absolute machine path {@code absolute} under this root. */
  public Path path(String absolute) {
    if (!absolute.startsWith("/")) {
      throw new IllegalArgumentException("not an absolute path: " + absolute);
    }
    return dir.resolve(absolute.substring(1));
  }
}
