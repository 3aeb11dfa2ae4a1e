package io.rancherd.e2e;

import com.github.dockerjava.api.command.BuildImageResultCallback;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;

/**
 * The node image every scenario uses: {@link BaseImage} with rancherd's .deb installed by
 * {@code dpkg -i} (the package does not enable {@code rancherd.service}) and the test-only settings:
 * the stand-in listens on every address (a systemd {@code DefaultEnvironment}), cloud-init looks
 * only for NoCloud and skips the {@code locale} module (no locales in the image), and
 * {@code /etc/machine-id} is empty so that each container gets its own. Tagged
 * {@code rancherd-e2e-node:<hash of the base image, the .deb and these files>}.
 */
final class NodeImage {

  static final String REPOSITORY = "rancherd-e2e-node";
  private static final long BUILD_MINUTES = 10;

  private static final String DOCKERFILE = """
      FROM %s
      COPY rancherd.deb /tmp/rancherd.deb
      RUN dpkg -i /tmp/rancherd.deb && rm /tmp/rancherd.deb
      COPY overlay/ /
      RUN : > /etc/machine-id
      CMD ["/sbin/init"]
      """;

  /** Files added to the image, path to content. */
  private static final Map<String, String> OVERLAY = overlay();

  private static String image;

  private NodeImage() {}

  /** The image name, built first when it does not exist. */
  static synchronized String ensure() {
    if (image != null) {
      return image;
    }
    Path deb = E2eFiles.deb();
    if (!Files.isRegularFile(deb)) {
      Assertions.fail("the rancherd package " + deb + " is missing: build it first (mvn -B verify builds packaging before e2e)");
    }
    String base = BaseImage.ensure();
    String dockerfile = DOCKERFILE.formatted(base);
    ImageHash hash = new ImageHash().add("Dockerfile", dockerfile).add("rancherd.deb", read(deb));
    OVERLAY.forEach(hash::add);
    String name = REPOSITORY + ":" + hash.tag();
    if (!LocalImages.exists(name)) {
      build(name, dockerfile, deb);
    }
    image = name;
    return image;
  }

  private static void build(String name, String dockerfile, Path deb) {
    Path context = E2eFiles.work().resolve("node-image");
    try {
      FileTrees.delete(context);
      Files.createDirectories(context);
      Files.writeString(context.resolve("Dockerfile"), dockerfile);
      Files.copy(deb, context.resolve("rancherd.deb"));
      for (Map.Entry<String, String> file : OVERLAY.entrySet()) {
        Path target = context.resolve("overlay" + file.getKey());
        Files.createDirectories(target.getParent());
        Files.writeString(target, file.getValue());
      }
      LocalImages.client().buildImageCmd(context.toFile()).withTags(Set.of(name)).withPull(false)
          .exec(new BuildImageResultCallback()).awaitImageId(BUILD_MINUTES, TimeUnit.MINUTES);
      FileTrees.delete(context);
    } catch (IOException e) {
      throw new UncheckedIOException("building " + name, e);
    }
  }

  private static Map<String, String> overlay() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("/etc/systemd/system.conf.d/50-e2e-standin.conf", """
        # Test only: the runtime stand-in listens on every address, as k3s does, so nodes can join.
        [Manager]
        DefaultEnvironment=STANDIN_BIND_ADDRESS=0.0.0.0
        """);
    files.put("/etc/cloud/cloud.cfg.d/90-e2e.cfg", """
        # Test only: the seed is NoCloud; the image has no locales, so the locale module is skipped.
        datasource_list: [NoCloud, None]
        locale: false
        """);
    return files;
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
