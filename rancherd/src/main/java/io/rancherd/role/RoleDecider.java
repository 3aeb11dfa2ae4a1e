package io.rancherd.role;

import io.rancherd.config.ConfigException;
import io.rancherd.config.LoadedConfig;
import io.rancherd.config.Location;
import io.rancherd.config.RancherdConfig;
import io.rancherd.runtime.Runtime;
import io.rancherd.token.JoinToken;
import java.util.List;
import java.util.Optional;

/**
 * Decides what a node does from {@code role}, {@code server}, {@code token} and {@code discovery}.
 * A pure function: same configuration, same decision.
 *
 * <ul>
 *   <li>{@code cluster-init}: initialize; {@code server} and {@code discovery} are not used.
 *   <li>{@code server} with no server URL and no discovery: initialize (the documented rancherd
 *       behaviour), and say so.
 *   <li>{@code server}, {@code etcd}, {@code controlplane}, {@code control-plane}: join as a
 *       runtime server; {@code agent}, {@code worker}: join as a runtime agent. A join needs {@code
 *       server} and {@code token}.
 *   <li>{@code discovery} (and no server URL): discover and elect; needs {@code token}.
 * </ul>
 */
public final class RoleDecider {

  private RoleDecider() {}

  public static RoleDecision decide(LoadedConfig loaded) throws ConfigException {
    RoleDecision decision = decideRole(loaded);
    if (decision.action() != Action.NONE && !decision.server()) {
      checkAgentKeys(loaded, decision.runtime());
    }
    return decision;
  }

  /**
   * An agent's runtime config may hold only keys its runtime's agent accepts: a k3s agent exits on
   * any other (docs/runtimes.md §11.1), so a server-only key such as {@code disable} is refused
   * here, at plan, rather than stopping the agent after the install.
   */
  private static void checkAgentKeys(LoadedConfig loaded, Runtime runtime) throws ConfigException {
    for (String key : loaded.config().node().extraConfig().keySet()) {
      if (!runtime.agentAccepts(key)) {
        throw new ConfigException(
            loaded.locationOf("extraConfig"),
            "extraConfig." + key,
            key
                + " is not a flag of "
                + runtime
                + " agent (a server-only key, or unknown), and a "
                + runtime
                + " agent exits on a config key it does not know; remove it from the config of "
                + "agent nodes, or give it only to servers");
      }
    }
  }

  private static RoleDecision decideRole(LoadedConfig loaded) throws ConfigException {
    RancherdConfig config = loaded.config();
    Runtime runtime = Runtime.forVersion(config.install().kubernetesVersion().orElse(""));
    Optional<String> role = config.cluster().role();
    if (role.isEmpty()) {
      return new RoleDecision(Action.NONE, false, runtime, "", "no role is configured");
    }
    checkTokenFormat(loaded);
    String name = role.get();
    NodeRoles roles = NodeRoles.of(name);
    if (roles.clusterInit()) {
      return new RoleDecision(
          Action.INIT, true, runtime, name, "this node initializes a new cluster");
    }
    boolean server = roles.runtimeServer();
    Location roleAt = loaded.locationOf("role");
    List<String> servers = config.cluster().server();
    if (!servers.isEmpty()) {
      String named = String.join(", ", servers);
      requireToken(loaded, roleAt, "role " + name + " joins " + named + " and");
      return new RoleDecision(
          Action.JOIN,
          server,
          runtime,
          name,
          "role "
              + name
              + " with server "
              + named
              + (servers.size() > 1 ? " (tried in this order)" : "")
              + ": this node joins that cluster as "
              + roles.describe());
    }
    if (config.discovery().isPresent()) {
      if (roles.etcdOnly() || roles.controlPlaneOnly()) {
        throw new ConfigException(
            roleAt,
            "server",
            "role "
                + name
                + " makes "
                + roles.describe()
                + ", which joins a running cluster and never initializes one (Rancher is "
                + "installed through the cluster-init node's own API server and etcd): set "
                + "server to a server of that cluster instead of discovery; server is not set in "
                + "any config source");
      }
      requireToken(
          loaded,
          loaded.locationOf("discovery"),
          "discovery (peers authenticate each other with it)");
      return new RoleDecision(
          Action.DISCOVER,
          server,
          runtime,
          name,
          "role "
              + name
              + " with discovery and no server URL: this node discovers its peers to find or elect the cluster-init node");
    }
    if (roles.etcd() && roles.controlPlane()) {
      if (config.cluster().requireExplicitInit()) {
        throw new ConfigException(
            roleAt,
            "role",
            "role "
                + name
                + " without server or discovery would initialize a new cluster, and "
                + "requireExplicitInit is true: set role: cluster-init to initialize one, or "
                + "server: <a server's URL> to join one");
      }
      return new RoleDecision(
          Action.INIT, true, runtime, name, "no server URL: this node initializes a new cluster");
    }
    throw new ConfigException(
        roleAt,
        "server",
        "role "
            + name
            + (roles.etcdOnly() || roles.controlPlaneOnly() ? " (" + roles.describe() + ")" : "")
            + " joins an existing cluster and needs server (the URL of a server node, "
            + "such as https://server1.example.com:8443) and token; server is not set in any config source");
  }

  /**
   * The warning for a server role that initializes a new cluster only because no server URL and no
   * discovery is configured: right for a first node, and the classic split brain when the {@code
   * server} line was forgotten on a node meant to join.
   */
  public static Optional<String> implicitInitWarning(LoadedConfig loaded, RoleDecision decision) {
    if (decision.action() != Action.INIT
        || decision.configuredRole().isEmpty()
        || NodeRoles.of(decision.configuredRole()).clusterInit()) {
      return Optional.empty();
    }
    return Optional.of(
        "role "
            + decision.configuredRole()
            + " with no server URL and no discovery: this node initializes a NEW cluster. "
            + "If it should join an existing one, set server: <a server's URL>; to say that "
            + "initializing is meant, set role: cluster-init; to make this case an error on "
            + "every node, set requireExplicitInit: true");
  }

  /**
   * A token that starts like a secure token must be one; the runtime would refuse it much later.
   */
  private static void checkTokenFormat(LoadedConfig loaded) throws ConfigException {
    if (loaded.config().cluster().token().isPresent()) {
      try {
        JoinToken.parse(loaded.config().cluster().token().get());
      } catch (JoinToken.FormatException e) {
        throw new ConfigException(loaded.locationOf("token"), "token", e.getMessage());
      }
    }
  }

  private static void requireToken(LoadedConfig loaded, Location at, String what)
      throws ConfigException {
    if (loaded.config().cluster().token().isEmpty()) {
      throw new ConfigException(
          at,
          "token",
          what
              + " needs token (the cluster's shared secret; `rancherd get-token` prints it on a server node), "
              + "and token is not set in any config source");
    }
  }
}
