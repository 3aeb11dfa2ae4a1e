package io.rancherd.e2e;

import com.github.dockerjava.api.command.BuildImageResultCallback;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * {@code docker build} of an image on a local one ({@code --pull=false}: nothing is pulled), tagged
 * by a hash of its Dockerfile and context files, and skipped when that tag already exists.
 */
final class ImageBuild {

  private static final long BUILD_MINUTES = 10;

  private ImageBuild() {}

  /**
   * Builds {@code repository:<hash>} from {@code dockerfile} and {@code files} (context path to
   * content) unless it exists.
   */
  static String ensure(String repository, String dockerfile, Map<String, byte[]> files) {
    return ensure(repository, dockerfile, files, Set.of());
  }

  /**
   * As {@link #ensure(String, String, Map)}, with the context files in {@code executables} mode
   * 0755 (a {@code COPY} keeps the mode; other files are 0644).
   */
  static String ensure(
      String repository, String dockerfile, Map<String, byte[]> files, Set<String> executables) {
    ImageHash hash = new ImageHash().add("Dockerfile", dockerfile);
    files.forEach(hash::add);
    if (!executables.isEmpty()) {
      hash.add("executables", String.join(",", new TreeSet<>(executables)));
    }
    String name = repository + ":" + hash.tag();
    if (!LocalImages.exists(name)) {
      build(name, dockerfile, files, executables);
      LocalImages.removeOlderTags(name);
    }
    return name;
  }

  private static void build(
      String name, String dockerfile, Map<String, byte[]> files, Set<String> executables) {
    Path context = E2eFiles.work().resolve("build-" + name.replace(':', '-'));
    try {
      FileTrees.delete(context);
      Files.createDirectories(context);
      Files.writeString(context.resolve("Dockerfile"), dockerfile);
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        Path target = context.resolve(file.getKey());
        Files.createDirectories(target.getParent());
        Files.write(target, file.getValue());
        Files.setPosixFilePermissions(
            target,
            PosixFilePermissions.fromString(
                executables.contains(file.getKey()) ? "rwxr-xr-x" : "rw-r--r--"));
      }
      LocalImages.client()
          .buildImageCmd(context.toFile())
          .withTags(Set.of(name))
          .withPull(false)
          .exec(new BuildImageResultCallback())
          .awaitImageId(BUILD_MINUTES, TimeUnit.MINUTES);
      FileTrees.delete(context);
    } catch (IOException e) {
      throw new UncheckedIOException("building " + name, e);
    }
  }
}
