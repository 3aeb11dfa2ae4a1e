package io.rancherd.e2e;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Assertions;

/**
 * The node image every scenario uses: {@link BaseImage} with rancherd's .deb installed by {@code
 * dpkg -i} (the package does not enable {@code rancherd.service}) and the test-only settings: the
 * stand-in listens on every address (a systemd {@code DefaultEnvironment}), cloud-init looks only
 * for NoCloud and skips the {@code locale} module (no locales in the image), and {@code
 * /etc/machine-id} is empty so that each container gets its own. Tagged {@code
 * rancherd-e2e-node:<hash of the base image, the .deb and these files>}.
 */
final class NodeImage {

  static final String REPOSITORY = "rancherd-e2e-node";

  private static final String DOCKERFILE =
      """
      FROM %s
      COPY rancherd.deb /tmp/rancherd.deb
      RUN dpkg -i /tmp/rancherd.deb && rm /tmp/rancherd.deb
      COPY overlay/ /
      RUN : > /etc/machine-id
      CMD ["/sbin/init"]
      """;

  private static final String STANDIN_ENVIRONMENT =
      """
      # Test only: the runtime stand-in listens on every address, as k3s does, so nodes can join.
      [Manager]
      DefaultEnvironment=STANDIN_BIND_ADDRESS=0.0.0.0
      """;

  private static final String CLOUD_CFG =
      """
      # Test only: the seed is NoCloud; the image has no locales, so the locale module is skipped.
      datasource_list: [NoCloud, None]
      locale: false
      """;

  private static String image;

  private NodeImage() {}

  /** The image name, built first when it does not exist. */
  static synchronized String ensure() {
    if (image == null) {
      Path deb = E2eFiles.deb();
      if (!Files.isRegularFile(deb)) {
        Assertions.fail(
            "the rancherd package "
                + deb
                + " is missing: build it first (mvn -B verify builds packaging before e2e)");
      }
      Map<String, byte[]> files = new LinkedHashMap<>();
      files.put("rancherd.deb", E2eFiles.read(deb));
      files.put(
          "overlay/etc/systemd/system.conf.d/50-e2e-standin.conf",
          STANDIN_ENVIRONMENT.getBytes(StandardCharsets.UTF_8));
      files.put(
          "overlay/etc/cloud/cloud.cfg.d/90-e2e.cfg", CLOUD_CFG.getBytes(StandardCharsets.UTF_8));
      image = ImageBuild.ensure(REPOSITORY, DOCKERFILE.formatted(BaseImage.NODE.ensure()), files);
    }
    return image;
  }
}
