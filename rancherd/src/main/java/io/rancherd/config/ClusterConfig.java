package io.rancherd.config;

import io.rancherd.secret.Secret;
import java.util.List;
import java.util.Optional;

/**
 * Which cluster the node belongs to: its {@code role}, the cluster {@code token} and the servers it
 * may join ({@code server}: one URL, or a list tried in order), and whether a server role without
 * any server URL must be refused rather than initialize a new cluster ({@code
 * requireExplicitInit}).
 */
public record ClusterConfig(
    Optional<String> role,
    Optional<Secret> token,
    List<String> server,
    boolean requireExplicitInit) {

  public ClusterConfig {
    server = List.copyOf(server);
  }

  public ClusterConfig withToken(Secret newToken) {
    return new ClusterConfig(role, Optional.of(newToken), server, requireExplicitInit);
  }

  /** A copy that joins {@code newServer} only. */
  public ClusterConfig withServer(String newServer) {
    return new ClusterConfig(role, token, List.of(newServer), requireExplicitInit);
  }

  /** The first server URL, the one a plan shows before a join has chosen among several. */
  public Optional<String> firstServer() {
    return server.stream().findFirst();
  }
}
