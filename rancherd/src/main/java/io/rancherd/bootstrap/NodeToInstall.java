package io.rancherd.bootstrap;

import io.rancherd.config.LoadedConfig;
import io.rancherd.discovery.Decision;
import io.rancherd.discovery.DiscoverySession;
import io.rancherd.error.RancherdException;
import io.rancherd.role.Action;
import io.rancherd.role.RoleDecision;
import java.util.Optional;

/**
 * The node as it will be installed: its configuration, its decided role (INIT or JOIN once
 * discovery has decided), and for a node that found its server by discovery, the join server that
 * vouches for that server's CA.
 */
record NodeToInstall(
    LoadedConfig loaded,
    RoleDecision decision,
    Optional<String> joinServerUrl,
    boolean discovered) {

  /** The same node, joining {@code server} only (the one that passed the join checks). */
  NodeToInstall joining(String server) {
    return new NodeToInstall(
        loaded.withConfig(loaded.config().withServer(server)), decision, joinServerUrl, discovered);
  }

  /** A node whose role the configuration decides. */
  static NodeToInstall configured(LoadedConfig loaded, RoleDecision decision) {
    return new NodeToInstall(loaded, decision, Optional.empty(), false);
  }

  /**
   * Runs discovery; the node then initializes, or joins the server it found, as a plain INIT or
   * JOIN node.
   */
  static NodeToInstall discovered(
      DiscoverySession session, LoadedConfig loaded, RoleDecision decision)
      throws RancherdException, InterruptedException {
    DiscoverySession.Outcome found = session.decide();
    String why = "discovery: " + found.decision().describe();
    if (found.decision() instanceof Decision.Join join) {
      String server =
          found.joinServerUrl().isPresent()
              ? "https://" + join.leader().urlHost() + ":" + decision.runtime().supervisorPort()
              : "https://" + join.leader().urlHost();
      LoadedConfig joining = loaded.withConfig(loaded.config().withServer(server));
      return new NodeToInstall(
          joining,
          new RoleDecision(
              Action.JOIN, decision.server(), decision.runtime(), decision.configuredRole(), why),
          found.joinServerUrl(),
          true);
    }
    session.readyWhenServed(
        "https://" + session.self().urlHost() + ":" + decision.runtime().supervisorPort());
    return new NodeToInstall(
        loaded,
        new RoleDecision(Action.INIT, true, decision.runtime(), decision.configuredRole(), why),
        Optional.empty(),
        true);
  }
}
