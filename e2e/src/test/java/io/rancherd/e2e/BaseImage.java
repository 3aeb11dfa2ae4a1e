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
 * A Debian root file system: {@code mmdebstrap} from this machine's apt sources, imported with
 * {@code docker import} as {@code <repository>:<hash of the inputs>} and reused while the inputs
 * (suite, variant, packages, apt sources) stay the same. No Java in it: rancherd's package brings
 * its own.
 */
final class BaseImage {

  /** The nodes' image: Debian 12 with systemd, cloud-init and man. */
  static final BaseImage NODE =
      new BaseImage(
          "rancherd-e2e-base",
          "bookworm",
          "apt",
          List.of(
              "systemd",
              "systemd-sysv",
              "dbus",
              "cloud-init",
              "ca-certificates",
              "iproute2",
              "procps",
              // man rancherd, as on a Debian server
              "man-db"));

  /**
   * Debian 11, whose glibc (2.31) is older than rancherd's runtime needs: only its essential
   * packages (dpkg, coreutils, tar, gzip, getconf), enough to try the .deb and install.sh on it.
   */
  static final BaseImage DEBIAN_11 =
      new BaseImage("rancherd-e2e-bullseye", "bullseye", "essential", List.of());

  private static final Duration BUILD_LIMIT = Duration.ofMinutes(10);

  private final String repository;
  private final String suite;
  private final String variant;
  private final List<String> packages;

  private BaseImage(String repository, String suite, String variant, List<String> packages) {
    this.repository = repository;
    this.suite = suite;
    this.variant = variant;
    this.packages = packages;
  }

  /** The image name, built first when it does not exist. */
  synchronized String ensure() {
    String image = repository + ":" + tag();
    if (!LocalImages.exists(image)) {
      build(image);
      LocalImages.removeOlderTags(image);
    }
    return image;
  }

  private String tag() {
    ImageHash hash =
        new ImageHash()
            .add("suite", suite)
            .add("variant", variant)
            .add("packages", String.join(",", packages));
    for (Path source : aptSources()) {
      hash.add(source.toString(), E2eFiles.read(source));
    }
    return hash.tag();
  }

  private void build(String image) {
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
      List<String> command = new ArrayList<>(List.of("mmdebstrap", "--variant=" + variant));
      if (!packages.isEmpty()) {
        command.add("--include=" + String.join(",", packages));
      }
      command.addAll(List.of(suite, tar.toString()));
      Commands.Output out = Commands.run(command, null, Map.of(), BUILD_LIMIT);
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
