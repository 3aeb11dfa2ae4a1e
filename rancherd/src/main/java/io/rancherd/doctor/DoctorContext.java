package io.rancherd.doctor;

import io.rancherd.config.ConfigException;
import io.rancherd.config.ConfigLoader;
import io.rancherd.config.ConfigSources;
import io.rancherd.config.LoadedConfig;
import io.rancherd.role.Action;
import io.rancherd.role.RoleDecider;
import io.rancherd.role.RoleDecision;
import io.rancherd.runtime.Runtime;
import io.rancherd.runtime.Supervisor;
import io.rancherd.service.ServiceManager;
import io.rancherd.state.NodeState;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What every check works from: the node's state (its root and rancherd's records), the loaded
 * configuration or why it did not load, the role decision or why it failed, the supervisor URL when
 * the node joins, and the seams to the machine (environment, resolver, clock, service manager) with
 * the network timeout.
 *
 * @param supervisorUrl {@code https://host:port} of the supervisor this node joins; empty when it
 *     does not join
 * @param environment the environment rancherd runs with (for the proxy variables)
 */
public record DoctorContext(
    NodeState state,
    Optional<LoadedConfig> config,
    Optional<ConfigException> configError,
    Optional<RoleDecision> decision,
    Optional<ConfigException> decisionError,
    Optional<String> supervisorUrl,
    Map<String, String> environment,
    Resolver resolver,
    Clock clock,
    ServiceManager serviceManager,
    Duration timeout) {

  public DoctorContext {
    environment = Map.copyOf(environment);
  }

  /**
   * Loads the configuration and decides the role, keeping a failure of either as a finding to
   * report.
   */
  public static DoctorContext load(
      NodeState state,
      ConfigSources sources,
      Map<String, String> environment,
      Resolver resolver,
      Clock clock,
      ServiceManager serviceManager,
      Duration timeout) {
    Optional<LoadedConfig> config = Optional.empty();
    Optional<ConfigException> configError = Optional.empty();
    Optional<RoleDecision> decision = Optional.empty();
    Optional<ConfigException> decisionError = Optional.empty();
    try {
      config = Optional.of(ConfigLoader.load(sources));
      decision = Optional.of(RoleDecider.decide(config.get()));
    } catch (ConfigException e) {
      if (config.isEmpty()) {
        configError = Optional.of(e);
      } else {
        decisionError = Optional.of(e);
      }
    }
    return new DoctorContext(
        state,
        config,
        configError,
        decision,
        decisionError,
        supervisorUrl(config, decision),
        environment,
        resolver,
        clock,
        serviceManager,
        timeout);
  }

  private static Optional<String> supervisorUrl(
      Optional<LoadedConfig> config, Optional<RoleDecision> decision) {
    if (config.isEmpty() || decision.isEmpty() || decision.get().action() != Action.JOIN) {
      return Optional.empty();
    }
    return config
        .get()
        .config()
        .cluster()
        .firstServer()
        .map(server -> Supervisor.url(server, decision.get().runtime()));
  }

  /**
   * The supervisor URL of every server a joining node may join, in the order it tries them (one for
   * a single {@code server}, none for a node that does not join).
   */
  public List<String> supervisorUrls() {
    if (supervisorUrl.isEmpty()) {
      return List.of();
    }
    return config.orElseThrow().config().cluster().server().stream()
        .map(server -> Supervisor.url(server, decision.orElseThrow().runtime()))
        .toList();
  }

  /** This context, aimed at {@code url} (one of {@link #supervisorUrls()}). */
  public DoctorContext forSupervisor(String url) {
    return new DoctorContext(
        state,
        config,
        configError,
        decision,
        decisionError,
        Optional.of(url),
        environment,
        resolver,
        clock,
        serviceManager,
        timeout);
  }

  /** The runtime the role decision chose, if it was made. */
  public Optional<Runtime> runtime() {
    return decision.map(RoleDecision::runtime);
  }

  /** The supervisor this node joins, as a URI. */
  public Optional<URI> supervisor() {
    return supervisorUrl.map(URI::create);
  }

  /** Why this node reaches no server, for the checks that only apply to a joining node. */
  public String whyNotJoining() {
    if (configError.isPresent()) {
      return "the config did not load";
    }
    if (decisionError.isPresent()) {
      return "the role decision failed";
    }
    return switch (decision.orElseThrow().action()) {
      case NONE -> "no role is configured";
      case INIT -> "no server: this node initializes the cluster";
      case DISCOVER -> "no server: this node finds its server by discovery";
      case JOIN -> "this node joins " + supervisorUrl.orElse("a server");
    };
  }
}
