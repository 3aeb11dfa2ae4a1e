package io.rancherd.token;

import io.rancherd.config.ConfigException;
import io.rancherd.config.RancherdConfig;
import io.rancherd.secret.Secret;
import io.rancherd.config.YamlNode;
import io.rancherd.config.YamlParser;
import io.rancherd.fs.AtomicFiles;
import io.rancherd.fs.Root;
import io.rancherd.runtime.Runtime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the cluster token of a cluster-init node: the configured one; else the one in an existing
 * runtime config drop-in (a re-run keeps the cluster's token); else the one rancherd generated and
 * kept in its data dir; else a new random one, kept in the data dir (0600) when asked to persist.
 */
public final class TokenStore {

  private static final Logger LOG = LoggerFactory.getLogger(TokenStore.class);

  /** Where a generated token is kept, relative to the data dir. */
  public static final String FILE = "token";

  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final int LENGTH = 40;

  /** Where the token came from. */
  public enum Source { CONFIG, RUNTIME_CONFIG, DATA_DIR, GENERATED }

  /** A token and where it came from. */
  public record Resolved(Secret token, Source source) {}

  private final Root root;
  private final String dataDir;
  private final Supplier<SecureRandom> random;

  public TokenStore(Root root, String dataDir, Supplier<SecureRandom> random) {
    this.root = root;
    this.dataDir = dataDir;
    this.random = random;
  }

  /**
   * Resolves the token; a new token is written to the data dir only when {@code persist} is true
   * (the {@code plan} command touches nothing).
   */
  public Resolved resolve(RancherdConfig config, Runtime runtime, boolean persist) throws IOException {
    if (config.token().isPresent()) {
      return new Resolved(config.token().get(), Source.CONFIG);
    }
    Optional<Secret> existing = fromDropIn(root.path(runtime.configDropIn()));
    if (existing.isPresent()) {
      LOG.info("Using the token of the existing runtime config {}", runtime.configDropIn());
      return new Resolved(existing.get(), Source.RUNTIME_CONFIG);
    }
    Path file = tokenFile();
    if (Files.isRegularFile(file)) {
      String kept = Files.readString(file, StandardCharsets.UTF_8).trim();
      if (!kept.isEmpty()) {
        return new Resolved(new Secret(kept), Source.DATA_DIR);
      }
    }
    Secret generated = generate();
    if (persist) {
      AtomicFiles.writePrivate(file, (generated.reveal() + "\n").getBytes(StandardCharsets.UTF_8));
      LOG.info("Generated a new cluster token and kept it in {}", dataDir + "/" + FILE);
    }
    return new Resolved(generated, Source.GENERATED);
  }

  public Path tokenFile() {
    return root.path(dataDir).resolve(FILE);
  }

  Secret generate() {
    SecureRandom rng = random.get();
    StringBuilder sb = new StringBuilder(LENGTH);
    for (int i = 0; i < LENGTH; i++) {
      sb.append(ALPHABET.charAt(rng.nextInt(ALPHABET.length())));
    }
    return new Secret(sb.toString());
  }

  private static Optional<Secret> fromDropIn(Path dropIn) {
    if (!Files.isRegularFile(dropIn)) {
      return Optional.empty();
    }
    try {
      YamlNode doc = YamlParser.parse(Files.readString(dropIn, StandardCharsets.UTF_8), dropIn.toString());
      if (doc instanceof YamlNode.Mapping m && m.get("token") instanceof YamlNode.Scalar s
          && s.value() instanceof String token && !token.isEmpty()) {
        return Optional.of(new Secret(token));
      }
    } catch (ConfigException | IOException e) {
      LOG.warn("Cannot read the token from {}: {}", dropIn, e.getMessage());
    }
    return Optional.empty();
  }
}
