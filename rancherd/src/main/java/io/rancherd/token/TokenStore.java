package io.rancherd.token;

import io.rancherd.config.ConfigException;
import io.rancherd.config.RancherdConfig;
import io.rancherd.config.YamlNode;
import io.rancherd.config.YamlParser;
import io.rancherd.runtime.Runtime;
import io.rancherd.secret.Secret;
import io.rancherd.state.NodeState;
import java.io.IOException;
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

  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final int LENGTH = 40;

  /** Where the token came from. */
  public enum Source {
    CONFIG,
    RUNTIME_CONFIG,
    DATA_DIR,
    GENERATED
  }

  /** A token and where it came from. */
  public record Resolved(Secret token, Source source) {}

  private final NodeState state;
  private final Supplier<SecureRandom> random;

  public TokenStore(NodeState state, Supplier<SecureRandom> random) {
    this.state = state;
    this.random = random;
  }

  /**
   * Resolves the token; a new token is written to the data dir only when {@code persist} is true
   * (the {@code plan} command touches nothing).
   */
  public Resolved resolve(RancherdConfig config, Runtime runtime, boolean persist)
      throws IOException {
    if (config.cluster().token().isPresent()) {
      return new Resolved(config.cluster().token().get(), Source.CONFIG);
    }
    Optional<Secret> existing = fromDropIn(state.root().path(runtime.configDropIn()));
    if (existing.isPresent()) {
      LOG.info("Using the token of the existing runtime config {}", runtime.configDropIn());
      return new Resolved(existing.get(), Source.RUNTIME_CONFIG);
    }
    Optional<Secret> kept = state.generatedToken();
    if (kept.isPresent()) {
      return new Resolved(kept.get(), Source.DATA_DIR);
    }
    Secret generated = generate();
    if (persist) {
      state.keepGeneratedToken(generated);
      LOG.info(
          "Generated a new cluster token and kept it in {}", state.shown(NodeState.TOKEN_FILE));
    }
    return new Resolved(generated, Source.GENERATED);
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
      YamlNode doc = YamlParser.parse(YamlParser.read(dropIn), dropIn.toString());
      if (doc instanceof YamlNode.Mapping m
          && m.get("token") instanceof YamlNode.Scalar s
          && s.value() instanceof String token
          && !token.isEmpty()) {
        return Optional.of(new Secret(token));
      }
    } catch (ConfigException e) {
      LOG.warn("Cannot read the token from {}: {}", dropIn, e.getMessage());
    }
    return Optional.empty();
  }
}
