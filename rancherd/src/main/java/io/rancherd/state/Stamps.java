package io.rancherd.state;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * rancherd's two stamps in its data dir: {@code working} is written at every attempt, {@code
 * bootstrapped} only when the node is really up (the systemd unit skips itself while it exists).
 * Both are {@link Stamp} records in JSON, 0600, and never hold the token.
 */
public final class Stamps {

  public static final String WORKING = "working";
  public static final String BOOTSTRAPPED = "bootstrapped";

  private final Path dataDir;

  Stamps(Path dataDir) {
    this.dataDir = dataDir;
  }

  public boolean bootstrappedExists() {
    return Files.isRegularFile(dataDir.resolve(BOOTSTRAPPED));
  }

  public Optional<Stamp> bootstrapped() {
    return read(BOOTSTRAPPED);
  }

  public Optional<Stamp> working() {
    return read(WORKING);
  }

  /** Writes the {@code working} stamp, timed {@code now}. */
  public void writeWorking(Stamp stamp, Instant now) throws IOException {
    StateJson.write(dataDir, dataDir.resolve(WORKING), stamp.at(now));
  }

  /** Writes the {@code bootstrapped} stamp, timed {@code now}, and removes {@code working}. */
  public void writeBootstrapped(Stamp stamp, Instant now) throws IOException {
    StateJson.write(dataDir, dataDir.resolve(BOOTSTRAPPED), stamp.at(now));
    Files.deleteIfExists(dataDir.resolve(WORKING));
  }

  /** Removes {@code bootstrapped}, so that the next bootstrap runs (--force). */
  public void forgetBootstrapped() throws IOException {
    Files.deleteIfExists(dataDir.resolve(BOOTSTRAPPED));
  }

  /**
   * A stamp's record; {@link Stamp#UNREADABLE} when it exists but is neither JSON nor the YAML that
   * rancherd wrote before (a stamp written by hand, or by an earlier version, is read as YAML).
   */
  private Optional<Stamp> read(String name) {
    Path file = dataDir.resolve(name);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    Optional<Stamp> json = StateJson.read(file, Stamp.class);
    return json.isPresent() ? json : Optional.of(readYaml(file));
  }

  private static Stamp readYaml(Path file) {
    try {
      Object doc =
          new Yaml(new SafeConstructor(new LoaderOptions()))
              .load(Files.readString(file, StandardCharsets.UTF_8));
      return doc instanceof Map<?, ?> map ? StateJson.convert(map, Stamp.class) : Stamp.UNREADABLE;
    } catch (IOException | RuntimeException e) {
      return Stamp.UNREADABLE;
    }
  }
}
