package io.rancherd.bootstrap;

import io.rancherd.config.ConfigLoader;
import io.rancherd.config.LoadedConfig;
import io.rancherd.config.RancherdConfig;
import io.rancherd.config.Redaction;
import io.rancherd.error.InvalidInputException;
import io.rancherd.error.RancherdException;
import io.rancherd.install.InstallSourceChecks;
import io.rancherd.install.InstallerImages;
import io.rancherd.plan.Planner;
import io.rancherd.plan.model.Plan;
import io.rancherd.role.Action;
import io.rancherd.role.RoleDecider;
import io.rancherd.role.RoleDecision;
import io.rancherd.runtime.Supervisor;
import io.rancherd.secret.Secret;
import io.rancherd.token.TokenStore;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the configuration, decides the role and builds the plan. With {@code persist} false it
 * touches nothing on the machine (the {@code plan} command); with true a generated token is kept.
 */
public final class PlanPreparer {

  private static final Logger LOG = LoggerFactory.getLogger(PlanPreparer.class);

  private final Settings settings;
  private final Supplier<SecureRandom> random;

  public PlanPreparer(Settings settings, Supplier<SecureRandom> random) {
    this.settings = settings;
    this.random = random;
  }

  public LoadedConfig load() throws RancherdException {
    return ConfigLoader.load(settings.configSources());
  }

  /**
   * Prepares the plan of a node. For a DISCOVER node the outcome of discovery is not known yet: a
   * server is shown the plan it applies if it is elected to initialize, an agent the plan that
   * joins the server discovery finds.
   */
  public PreparedPlan prepare(LoadedConfig loaded, RoleDecision decision, boolean persist)
      throws RancherdException {
    return prepare(loaded, decision, persist, Optional.empty());
  }

  /**
   * Prepares the plan; a joining node whose server's CA was verified passes the token pinned to
   * that CA, which the runtime is then given instead of the configured one.
   */
  public PreparedPlan prepare(
      LoadedConfig loaded, RoleDecision decision, boolean persist, Optional<Secret> pinnedToken)
      throws RancherdException {
    if (decision.action() == Action.NONE) {
      throw new InvalidInputException(
          "deciding the role: no role is configured in any config source; set role "
              + "to cluster-init (initialize a new cluster), server or agent (join one), or etcd, controlplane, "
              + "control-plane or worker");
    }
    RancherdConfig config = loaded.config();
    InstallerImages.check(loaded);
    TokenStore.Resolved token;
    try {
      token = new TokenStore(settings.state(), random).resolve(config, decision.runtime(), persist);
    } catch (IOException e) {
      throw new RancherdException(
          "resolving the cluster token in " + settings.state().dir() + ": " + e.getMessage(), e);
    }
    if (pinnedToken.isPresent()) {
      token = new TokenStore.Resolved(pinnedToken.get(), token.source());
    }
    Optional<String> joinUrl = joinUrl(decision, config);
    Plan plan =
        Planner.plan(
            decision,
            config.withToken(token.token()),
            token.token(),
            joinUrl,
            settings.planSettings());
    InstallSourceChecks.check(
        loaded,
        settings.root(),
        plan.instructions().stream().anyMatch(i -> i.name().equals(Planner.INSTALL_RANCHER)));
    List<Secret> secrets = Redaction.secrets(config, token.token());
    RancherdConfig redactedConfig = Redaction.redact(config, secrets);
    Plan redacted =
        Planner.plan(
            decision,
            redactedConfig,
            redactedConfig.cluster().token().orElseThrow(),
            joinUrl,
            settings.planSettings());
    LOG.debug(
        "Plan built with {} files, {} instructions, {} probes",
        plan.files().size(),
        plan.instructions().size(),
        plan.probes().size());
    return new PreparedPlan(loaded, decision, token, plan, redacted, secrets);
  }

  /**
   * The supervisor URL a joining node uses. A discovering agent learns it from discovery; until
   * then its plan shows the placeholder {@link #DISCOVERED_SERVER}.
   */
  private static Optional<String> joinUrl(RoleDecision decision, RancherdConfig config) {
    if (decision.action() == Action.JOIN) {
      return config.cluster().firstServer().map(s -> Supervisor.url(s, decision.runtime()));
    }
    if (decision.action() == Action.DISCOVER && !decision.server()) {
      return Optional.of(DISCOVERED_SERVER + ":" + decision.runtime().supervisorPort());
    }
    return Optional.empty();
  }

  /** Stands for the server a discovering node has not found yet, in previews of its plan. */
  public static final String DISCOVERED_SERVER = "https://discovered-server.invalid";

  /** The role decision; a server role that initializes only for want of a server URL is warned. */
  public static RoleDecision decide(LoadedConfig loaded) throws RancherdException {
    RoleDecision decision = RoleDecider.decide(loaded);
    RoleDecider.implicitInitWarning(loaded, decision).ifPresent(LOG::warn);
    return decision;
  }
}
