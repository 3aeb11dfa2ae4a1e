package io.rancherd.role;

/** What a node does with the cluster. */
public enum Action {
  /** Nothing: no role is configured. */
  NONE,
  /** Initialize a new cluster (cluster-init). */
  INIT,
  /** Join the cluster at the configured server URL. */
  JOIN,
  /** Discover peers over the network and elect which node initializes. */
  DISCOVER
}
