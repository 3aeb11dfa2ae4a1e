package io.rancherd.install;

import io.rancherd.error.InvalidInputException;
import io.rancherd.error.RancherdException;
import io.rancherd.fs.AtomicFiles;
import io.rancherd.fs.Root;
import io.rancherd.runtime.AirgapLayout;
import io.rancherd.runtime.Runtime;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local directory laid out as the runtimes' air-gap docs describe, and the staging they ask for.
 * k3s: {@code install.sh}, the {@code k3s} binary and {@code
 * k3s-airgap-images-<arch>.tar[.gz|.zst]}; the binary goes to {@code /usr/local/bin/k3s} and the
 * images to the runtime's {@code agent/images/} (https://docs.k3s.io/installation/airgap). RKE2:
 * {@code install.sh} plus the {@code INSTALL_RKE2_ARTIFACT_PATH} contents ({@code
 * rke2.linux-<arch>.tar.gz}, {@code sha256sum-<arch>.txt}, {@code
 * rke2-images*.linux-<arch>.tar.*}); the images are staged too, and so is an archive of Rancher's
 * images, {@code rancher-images.tar[.gz|.zst]}, when the directory holds one.
 */
final class AirgapArtifacts {

  private static final Logger LOG = LoggerFactory.getLogger(AirgapArtifacts.class);

  private final Root root;
  private final Runtime runtime;
  private final String configured;
  private final Path dir;
  private final String arch;
  private final AirgapLayout layout;

  AirgapArtifacts(Root root, Runtime runtime, String configured, String arch) {
    this.root = root;
    this.runtime = runtime;
    this.configured = configured;
    this.dir = root.path(configured);
    this.arch = arch;
    this.layout = runtime.airgap(arch);
  }

  Path dir() {
    return dir;
  }

  Path installScript() {
    return dir.resolve("install.sh");
  }

  /** Checks that every required file is there, naming the missing ones and the whole layout. */
  void check() throws RancherdException {
    if (!Files.isDirectory(dir)) {
      throw new InvalidInputException(
          "installing "
              + runtime
              + " from airgapArtifactsDir "
              + configured
              + ": the directory does not exist; it should hold "
              + layout());
    }
    List<String> missing = new ArrayList<>();
    for (String name : required()) {
      if (!Files.isRegularFile(dir.resolve(name))) {
        missing.add(name);
      }
    }
    if (!missing.isEmpty()) {
      throw new InvalidInputException(
          "installing "
              + runtime
              + " from airgapArtifactsDir "
              + configured
              + ": "
              + String.join(", ", missing)
              + (missing.size() == 1 ? " is" : " are")
              + " missing; it should hold "
              + layout());
    }
  }

  /** Copies the binary (k3s) and the image archives to where the runtime expects them. */
  void stage() throws RancherdException {
    try {
      if (layout.binary().isPresent()) {
        copy(dir.resolve(layout.binary().get()), root.path(runtime.binaries().get(0)), "rwxr-xr-x");
      }
      List<Path> images = images();
      if (images.isEmpty()) {
        LOG.warn(
            "airgapArtifactsDir {} holds no image archive for {} ({}): {} will pull its images from a registry",
            configured,
            arch,
            imagePattern(),
            runtime);
      }
      images.addAll(rancherImages());
      for (Path image : images) {
        copy(image, root.path(runtime.imagesDir() + "/" + image.getFileName()), "rw-r--r--");
      }
    } catch (IOException e) {
      throw new RancherdException(
          "staging the air-gap artifacts of "
              + runtime
              + " from "
              + configured
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private void copy(Path source, Path target, String permissions) throws IOException {
    if (AtomicFiles.sameCopy(source, target)) {
      LOG.info("{} is staged already", target);
      return;
    }
    AtomicFiles.copy(source, target, permissions, AtomicFiles.PUBLIC_DIR);
    LOG.info("Staged {} ({} bytes)", target, Files.size(target));
  }

  private List<String> required() {
    return layout.files();
  }

  private String imagePattern() {
    return layout.imagePattern();
  }

  private String layout() {
    return String.join(", ", required()) + " and " + imagePattern();
  }

  /**
   * Rancher's images, when the directory holds an archive of them: {@code rancher-images.tar},
   * {@code .tar.gz} or {@code .tar.zst} (as {@code rancher-save-images.sh} writes them, compressed
   * or not). The runtime imports it with its own archives at start.
   */
  private List<Path> rancherImages() {
    List<Path> images = new ArrayList<>();
    for (String name : RANCHER_IMAGES) {
      Path file = dir.resolve(name);
      if (Files.isRegularFile(file)) {
        images.add(file);
      }
    }
    return images;
  }

  /** The names of an archive of Rancher's images in the air-gap directory. */
  static final List<String> RANCHER_IMAGES =
      List.of("rancher-images.tar", "rancher-images.tar.gz", "rancher-images.tar.zst");

  private List<Path> images() throws IOException {
    List<Path> images = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, imagePattern())) {
      for (Path entry : entries) {
        if (Files.isRegularFile(entry)) {
          images.add(entry);
        }
      }
    }
    images.sort(null);
    return images;
  }
}
