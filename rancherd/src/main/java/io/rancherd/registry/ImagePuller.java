package io.rancherd.registry;

import io.rancherd.error.InvalidInputException;
import io.rancherd.fs.Root;
import io.rancherd.registry.Manifests.Layer;
import io.rancherd.registry.RegistryException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls an image and extracts its filesystem into a directory, trying the image's endpoints in the
 * runtimes' order (mirrors, then the registry itself). Layers are downloaded and verified first,
 * then extracted into a temporary sibling of the target and moved into it: a failed pull leaves the
 * target as it was.
 */
public final class ImagePuller {

  private static final Logger LOG = LoggerFactory.getLogger(ImagePuller.class);

  /** What was pulled: the image, the endpoint that served it, its layers and their bytes. */
  public record Pulled(ImageReference image, String endpoint, int layers, long bytes) {}

  private final Registries registries;
  private final Root root;
  private final OkHttpClient base;
  private final Retries retries;
  private final Clock clock;

  /**
   * @param root the machine root the TLS files of {@code registries} are read under
   */
  public ImagePuller(
      Registries registries, Root root, OkHttpClient base, Retries retries, Clock clock) {
    this.registries = registries;
    this.root = root;
    this.base = base;
    this.retries = retries;
    this.clock = clock;
  }

  /** Pulls linux/{@code arch} of {@code image} and extracts it into {@code target}. */
  public Pulled pull(ImageReference image, String arch, Path target)
      throws RegistryException, InvalidInputException, InterruptedException {
    return pull(image, arch, target, false);
  }

  /**
   * Pulls linux/{@code arch} of {@code image} into a new directory (mode 0700) that then replaces
   * {@code target} whole, by renames: nothing of an earlier pull stays, and a failed pull leaves
   * {@code target} as it was.
   */
  public Pulled pullReplacing(ImageReference image, String arch, Path target)
      throws RegistryException, InvalidInputException, InterruptedException {
    return pull(image, arch, target, true);
  }

  private Pulled pull(ImageReference image, String arch, Path target, boolean replace)
      throws RegistryException, InvalidInputException, InterruptedException {
    Failures failures = new Failures(image.toString());
    List<Endpoint> endpoints = Endpoint.forImage(image, registries);
    Path parent = target.toAbsolutePath().getParent();
    String prefix = "." + target.getFileName() + ".pull-";
    Path work;
    try {
      Files.createDirectories(parent);
      removeLeftovers(parent, prefix);
      work = Files.createTempDirectory(parent, prefix);
      Files.createDirectory(work.resolve("blobs"));
    } catch (IOException e) {
      throw failures.local("cannot create a work directory beside " + target, e);
    }
    try {
      return pullFrom(endpoints, arch, target, work, replace, failures);
    } finally {
      try {
        LayerExtractor.deleteTree(work);
      } catch (IOException e) {
        LOG.warn("{}: cannot remove {}: {}", failures.action(), work, e.getMessage());
      }
    }
  }

  /**
   * Checks, without downloading a layer, that {@code image} can be pulled for linux/{@code arch}:
   * an endpoint answers over trusted TLS, accepts the configured credentials and has the image's
   * manifest for that platform. Returns what a pull would fetch; a failure names the endpoint, the
   * cause and the fix, as a pull's does.
   */
  public Pulled check(ImageReference image, String arch)
      throws RegistryException, InvalidInputException, InterruptedException {
    Failures failures = new Failures(image.toString(), "checking");
    List<RegistryException> errors = new ArrayList<>();
    for (Endpoint endpoint : Endpoint.forImage(image, registries)) {
      OkHttpClient client = RegistryClients.forHost(base, root, endpoint.host(), endpoint.config());
      RegistrySession session = new RegistrySession(endpoint, client, retries, failures);
      try {
        List<Layer> layers = Manifests.layers(session, arch, failures);
        long bytes = layers.stream().mapToLong(Layer::size).sum();
        return new Pulled(endpoint.image(), endpoint.host(), layers.size(), bytes);
      } catch (RegistryException e) {
        if (e.kind() == Kind.DIGEST) {
          throw e;
        }
        errors.add(e);
      }
    }
    throw summary(errors, failures);
  }

  /** Removes the work directories of pulls that were killed before they could clean up. */
  private static void removeLeftovers(Path parent, String prefix) throws IOException {
    try (Stream<Path> children = Files.list(parent)) {
      for (Path child : (Iterable<Path>) children::iterator) {
        if (child.getFileName().toString().startsWith(prefix)) {
          LOG.info("Removing {}, left by an interrupted pull", child);
          LayerExtractor.deleteTree(child);
        }
      }
    }
  }

  private Pulled pullFrom(
      List<Endpoint> endpoints,
      String arch,
      Path target,
      Path work,
      boolean replace,
      Failures failures)
      throws RegistryException, InvalidInputException, InterruptedException {
    List<RegistryException> errors = new ArrayList<>();
    for (Endpoint endpoint : endpoints) {
      OkHttpClient client = RegistryClients.forHost(base, root, endpoint.host(), endpoint.config());
      RegistrySession session = new RegistrySession(endpoint, client, retries, failures);
      try {
        List<Layer> layers = Manifests.layers(session, arch, failures);
        Blobs blobs = new Blobs(retries, clock, failures);
        List<Path> files = new ArrayList<>();
        long bytes = 0;
        long started = System.nanoTime();
        for (Layer layer : layers) {
          Path file = blobs.fetch(session, layer, work.resolve("blobs"));
          files.add(file);
          bytes += Files.size(file);
        }
        long downloaded = System.nanoTime();
        extract(endpoint, layers, files, work.resolve("rootfs"), failures);
        LOG.debug(
            "{}: download and verify {} ms, extract {} ms",
            failures.action(),
            (downloaded - started) / 1_000_000,
            (System.nanoTime() - downloaded) / 1_000_000);
        if (replace) {
          replace(work.resolve("rootfs"), target, work.resolve("replaced"));
        } else {
          LayerExtractor.moveInto(work.resolve("rootfs"), target);
        }
        LOG.info(
            "pulled {} from {}: {} layers, {} bytes",
            endpoint.image(),
            endpoint.host(),
            layers.size(),
            bytes);
        return new Pulled(endpoint.image(), endpoint.host(), layers.size(), bytes);
      } catch (IOException e) {
        throw failures.local("cannot write the image's files into " + target, e);
      } catch (RegistryException e) {
        if (e.kind() == Kind.DIGEST || e.kind() == Kind.LOCAL) {
          throw e;
        }
        errors.add(e);
        if (endpoint.mirror()) {
          LOG.info("{}; trying the next endpoint", e.getMessage());
        }
      }
    }
    throw summary(errors, failures);
  }

  /** Moves {@code rootfs} to {@code target}, the old {@code target} aside to {@code old}. */
  private static void replace(Path rootfs, Path target, Path old) throws IOException {
    Files.setPosixFilePermissions(rootfs, PosixFilePermissions.fromString("rwx------"));
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
    }
    Files.move(rootfs, target, StandardCopyOption.ATOMIC_MOVE);
  }

  private static void extract(
      Endpoint endpoint, List<Layer> layers, List<Path> files, Path rootfs, Failures failures)
      throws RegistryException, IOException {
    Files.createDirectory(rootfs);
    LayerExtractor extractor = new LayerExtractor(rootfs);
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      try (InputStream in = LayerExtractor.open(files.get(i), layer.mediaType())) {
        if (in == null) {
          throw failures.unsupported(
              endpoint,
              "layer "
                  + layer.digest()
                  + " has media type "
                  + layer.mediaType()
                  + ", which rancherd cannot unpack (gzip and uncompressed tar only; zstd is not supported)",
              "push the image with gzip layers (skopeo copy --dest-compress-format gzip)");
        }
        extractor.apply(in);
      } catch (IOException e) {
        throw new RegistryException(
            Kind.BAD_ANSWER,
            failures.action(),
            "layer " + layer.digest() + " is not a valid tar archive (" + e.getMessage() + ")",
            "re-push the image from a sound copy");
      }
    }
  }

  private static RegistryException summary(List<RegistryException> errors, Failures failures) {
    RegistryException chosen = errors.get(errors.size() - 1);
    for (RegistryException e : errors) {
      if (e.kind() == Kind.AUTH || e.kind() == Kind.TLS) {
        chosen = e;
        break;
      }
    }
    if (errors.size() == 1) {
      return chosen;
    }
    List<String> others = new ArrayList<>();
    for (RegistryException e : errors) {
      if (e != chosen) {
        others.add(e.problem());
      }
    }
    return new RegistryException(
        chosen.kind(),
        failures.action(),
        chosen.problem() + " (other endpoints: " + String.join("; ", others) + ")",
        chosen.fix(),
        chosen);
  }
}
