package io.rancherd.config;

import io.rancherd.secret.Secret;
import java.util.Optional;

/**
 * Which cluster the node belongs to: its {@code role}, the cluster {@code token} and the {@code
 * server} it joins (a server node's or Rancher's URL).
 */
public record ClusterConfig(
    Optional<String> role, Optional<Secret> token, Optional<String> server) {

  public ClusterConfig withToken(Secret newToken) {
    return new ClusterConfig(role, Optional.of(newToken), server);
  }

  public ClusterConfig withServer(String newServer) {
    return new ClusterConfig(role, token, Optional.of(newServer));
  }
}
