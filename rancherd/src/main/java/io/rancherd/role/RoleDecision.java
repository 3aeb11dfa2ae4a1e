package io.rancherd.role;

import io.rancherd.runtime.Runtime;

/**
 * The outcome of the role decision: what the node does, whether it runs the runtime as a server or
 * an agent, which runtime, and a one-line reason a person can check.
 *
 * @param configuredRole the role as written in the configuration (empty when none)
 */
public record RoleDecision(
    Action action, boolean server, Runtime runtime, String configuredRole, String reason) {

  /** A short label: cluster-init, server, agent or none. */
  public String label() {
    return switch (action) {
      case NONE -> "none";
      case INIT -> "cluster-init";
      default -> server ? "server" : "agent";
    };
  }
}
