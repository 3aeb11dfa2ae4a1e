package io.rancherd.registry;

import io.rancherd.registry.Manifests.Layer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams layer blobs to files with a fixed buffer, hashing while they arrive: a blob is kept only
 * when its sha256 matches the manifest, so nothing unverified is ever extracted. A connection cut
 * mid-blob is retried from the start with backoff. Long downloads log a progress line every few
 * seconds.
 */
final class Blobs {

  private static final Logger LOG = LoggerFactory.getLogger(Blobs.class);
  static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

  private final Retries retries;
  private final Clock clock;
  private final Failures failures;

  Blobs(Retries retries, Clock clock, Failures failures) {
    this.retries = retries;
    this.clock = clock;
    this.failures = failures;
  }

  /** Downloads {@code layer} into {@code dir}/{@code <hex>}, unless a verified copy is there. */
  Path fetch(RegistrySession session, Layer layer, Path dir)
      throws RegistryException, InterruptedException {
    Endpoint endpoint = session.endpoint();
    if (!layer.digest().matches("sha256:[a-f0-9]{64}")) {
      throw failures.unsupported(
          endpoint,
          "a layer's digest \"" + layer.digest() + "\" is not sha256",
          "re-push the image with sha256 digests");
    }
    Path file = dir.resolve(layer.digest().substring("sha256:".length()));
    if (Files.exists(file)) {
      return file;
    }
    Path partial = dir.resolve(file.getFileName() + ".partial");
    for (int attempt = 1; ; attempt++) {
      try (Response response = session.get("blobs/" + layer.digest(), null)) {
        String got = copy(response.body().byteStream(), partial, layer);
        if (!got.equals(layer.digest())) {
          Files.deleteIfExists(partial);
          throw failures.digestMismatch(endpoint, "layer " + layer.digest(), layer.digest(), got);
        }
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
        return file;
      } catch (IOException e) {
        if (attempt >= retries.attempts()) {
          throw failures.transport(endpoint, endpoint.base(), e);
        }
        LOG.info(
            "{}: the download of layer {} broke off ({}); retrying",
            failures.action(),
            layer.digest(),
            e.getMessage());
        retries.pause(attempt);
      }
    }
  }

  private String copy(InputStream in, Path target, Layer layer) throws IOException {
    MessageDigest digest = Digests.sha256();
    byte[] buffer = new byte[64 * 1024];
    long total = 0;
    Instant next = clock.instant().plus(PROGRESS_EVERY);
    try (OutputStream out = Files.newOutputStream(target)) {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        digest.update(buffer, 0, n);
        out.write(buffer, 0, n);
        total += n;
        if (layer.size() >= 0 && total > layer.size()) {
          break;
        }
        Instant now = clock.instant();
        if (now.isAfter(next)) {
          LOG.info(
              "{}: layer {}: {} of {} MiB",
              failures.action(),
              layer.digest().substring(7, 19),
              total / (1024 * 1024),
              layer.size() < 0 ? "?" : String.valueOf(layer.size() / (1024 * 1024)));
          next = now.plus(PROGRESS_EVERY);
        }
      }
    }
    return Digests.format(digest.digest());
  }
}
