package io.rancherd.standin;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The server's record of the nodes that registered with it, standing in for k3s's datastore. A node
 * name is bound to the node password it first registered with (k3s keeps it as a secret); another
 * password for that name is refused, which k3s answers with 403. The server's own node is bound to
 * the server's own node password. Kept in {@code var/lib/standin/nodes.json} (0600, password
 * SHA-256 only) so it survives restarts; every accepted registration that names a log line appends
 * it to {@code var/lib/standin/registrations.log}, for tests to read.
 */
final class NodeRegistry {

  /** What the server answers a registration with. */
  enum Outcome {
    ACCEPTED,
    PASSWORD_MISMATCH
  }

  /**
   * A registered node: what the API shows, the SHA-256 of its node password, and when it first
   * registered.
   */
  record Entry(NodeInfo info, String passwordHash, long registeredMillis) {

    Instant registered() {
      return Instant.ofEpochMilli(registeredMillis);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path stateFile;
  private final Path logFile;
  private final String selfName;
  private final String selfHash;
  private final Map<String, Entry> entries;

  private NodeRegistry(
      Path stateFile, Path logFile, NodeIdentity self, Map<String, Entry> entries) {
    this.stateFile = stateFile;
    this.logFile = logFile;
    this.selfName = self.info().name();
    this.selfHash = Token.sha256Hex(self.password().getBytes(StandardCharsets.UTF_8));
    this.entries = entries;
  }

  /** The registry of the server on {@code root} whose own node is {@code self}. */
  static NodeRegistry open(MachineRoot root, NodeIdentity self) {
    Path state = root.standinState().resolve("nodes.json");
    Map<String, Entry> entries = new LinkedHashMap<>();
    if (Files.isRegularFile(state)) {
      try {
        entries.putAll(JSON.readValue(state.toFile(), new TypeReference<Map<String, Entry>>() {}));
      } catch (IOException e) {
        throw new UncheckedIOException("reading " + state, e);
      }
    }
    return new NodeRegistry(state, root.standinState().resolve("registrations.log"), self, entries);
  }

  /**
   * Registers {@code node}: a new name is recorded, a known name with its own password is updated
   * (address, labels, machine ID), a known name with another password is refused. On acceptance
   * {@code logLine}, when not null, is appended to {@code registrations.log}.
   */
  synchronized Outcome register(NodeIdentity node, String logLine) {
    String name = node.info().name();
    String hash = Token.sha256Hex(node.password().getBytes(StandardCharsets.UTF_8));
    String bound =
        name.equals(selfName)
            ? selfHash
            : Optional.ofNullable(entries.get(name)).map(Entry::passwordHash).orElse(hash);
    if (!BasicAuth.sameSecret(hash, bound)) {
      return Outcome.PASSWORD_MISMATCH;
    }
    if (!name.equals(selfName)) {
      long first =
          Optional.ofNullable(entries.get(name))
              .map(Entry::registeredMillis)
              .orElse(System.currentTimeMillis());
      entries.put(name, new Entry(node.info(), hash, first));
      save();
    }
    if (logLine != null) {
      append(logLine);
    }
    return Outcome.ACCEPTED;
  }

  /** The registered nodes other than the server's own, by name. */
  synchronized List<Entry> nodes() {
    List<Entry> nodes = new ArrayList<>();
    entries.forEach(
        (name, entry) -> {
          if (!name.equals(selfName)) {
            nodes.add(entry);
          }
        });
    return nodes;
  }

  synchronized Optional<Entry> node(String name) {
    return name.equals(selfName) ? Optional.empty() : Optional.ofNullable(entries.get(name));
  }

  private void save() {
    try {
      SecureFiles.write(
          stateFile,
          JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(entries),
          SecureFiles.PRIVATE);
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + stateFile, e);
    }
  }

  private void append(String line) {
    try {
      Files.createDirectories(logFile.getParent());
      Files.writeString(
          logFile,
          line + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("appending to " + logFile, e);
    }
    Log.info(line);
  }
}
