package io.rancherd.e2e;

import io.rancherd.testing.Commands;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The nodes' Debian root file system: {@code mmdebstrap} from this machine's apt sources, imported
 * with {@code docker import} as {@code rancherd-e2e-base:<hash of the inputs>} and reused while the
 * inputs (suite, packages, apt sources) stay the same. No Java in it: rancherd's package brings its
 * own.
 */
final class BaseImage {

  static final String REPOSITORY = "rancherd-e2e-base";
  private static final String SUITE = "bookworm";
  private static final List<String> PACKAGES =
      List.of(
          "systemd",
          "systemd-sysv",
          "dbus",
          "cloud-init",
          "ca-certificates",
          "iproute2",
          "procps",
          // man rancherd, as on a Debian server
          "man-db");
  private static final Duration BUILD_LIMIT = Duration.ofMinutes(10);

  private BaseImage() {}

  /** The image name, built first when it does not exist. */
  static synchronized String ensure() {
    String image = REPOSITORY + ":" + tag();
    if (!LocalImages.exists(image)) {
      build(image);
      LocalImages.removeOlderTags(image);
    }
    return image;
  }

  private static String tag() {
    ImageHash hash =
        new ImageHash().add("suite", SUITE).add("packages", String.join(",", PACKAGES));
    for (Path source : aptSources()) {
      hash.add(source.toString(), E2eFiles.read(source));
    }
    return hash.tag();
  }

  private static void build(String image) {
    if (!Files.isExecutable(Path.of("/usr/bin/mmdebstrap"))) {
      DockerEngine.unavailable(
          "mmdebstrap is missing, it builds the nodes' image "
              + image
              + " (apt-get install mmdebstrap)");
    }
    Path tar =
        E2eFiles.work().resolve("rootfs-" + image.substring(image.indexOf(':') + 1) + ".tar");
    try {
      Files.createDirectories(tar.getParent());
      Commands.Output out =
          Commands.run(
              List.of(
                  "mmdebstrap",
                  "--variant=apt",
                  "--include=" + String.join(",", PACKAGES),
                  SUITE,
                  tar.toString()),
              null,
              Map.of(),
              BUILD_LIMIT);
      if (out.exitCode() != 0) {
        throw new IllegalStateException(
            "mmdebstrap failed (exit " + out.exitCode() + "):\n" + out.stderr());
      }
      // docker import by the CLI: docker-java's import (POST /images/create?fromSrc=-) truncates
      // large bodies
      Commands.Output imported =
          Commands.run(
              List.of("docker", "import", tar.toString(), image), null, Map.of(), BUILD_LIMIT);
      if (imported.exitCode() != 0) {
        throw new IllegalStateException(
            "docker import failed (exit " + imported.exitCode() + "):\n" + imported.stderr());
      }
      Files.delete(tar);
    } catch (IOException e) {
      throw new UncheckedIOException("building " + image, e);
    }
  }

  private static List<Path> aptSources() {
    List<Path> sources = new ArrayList<>();
    Path list = Path.of("/etc/apt/sources.list");
    if (Files.isRegularFile(list)) {
      sources.add(list);
    }
    Path dir = Path.of("/etc/apt/sources.list.d");
    if (Files.isDirectory(dir)) {
      try (Stream<Path> files = Files.list(dir)) {
        files.filter(Files::isRegularFile).sorted().forEach(sources::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return sources;
  }
}
