package io.rancherd.bootstrap;

import io.rancherd.config.LoadedConfig;
import io.rancherd.config.RancherdConfig;
import io.rancherd.discovery.DiscoverySession;
import io.rancherd.error.InvalidInputException;
import io.rancherd.error.RancherdException;
import io.rancherd.exec.ProcessResult;
import io.rancherd.exec.ProcessRunner;
import io.rancherd.join.JoinTrust;
import io.rancherd.log.LogFormat;
import io.rancherd.plan.apply.PlanExecutor;
import io.rancherd.plan.model.PlanSteps;
import io.rancherd.role.Action;
import io.rancherd.role.RoleDecider;
import io.rancherd.role.RoleDecision;
import io.rancherd.service.ServiceManagers;
import io.rancherd.state.BootstrapLock;
import io.rancherd.state.NodeState;
import io.rancherd.state.Stamp;
import io.rancherd.state.Stamps;
import io.rancherd.token.JoinToken;
import io.rancherd.wait.Sleeper;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The boot job. Each attempt loads the configuration, decides the role, builds the plan and applies
 * it with the {@link PlanExecutor}, which resumes at the first step not done. {@code working} is
 * written at every attempt; {@code bootstrapped} only once every step, the probes and the waits
 * included, has succeeded. A failed attempt is retried with a capped backoff, forever (as rancherd
 * does), unless {@link RunOptions#once()}; invalid input is never retried.
 */
public final class Bootstrapper {

  private static final Logger LOG = LoggerFactory.getLogger(Bootstrapper.class);

  /** Variables through which plan instructions that run rancherd get this run's global options. */
  public static final String ENV_ROOT = "RANCHERD_ROOT";

  public static final String ENV_DATA_DIR = "RANCHERD_DATA_DIR";
  public static final String ENV_SERVICE_MANAGER = "RANCHERD_SERVICE_MANAGER";

  /** What a run ended with. */
  public enum Outcome {
    ALREADY_BOOTSTRAPPED,
    NOTHING_TO_DO,
    BOOTSTRAPPED
  }

  private final Settings settings;
  private final Supplier<SecureRandom> random;
  private final RandomGenerator jitter;
  private final Clock clock;
  private final Sleeper sleeper;
  private final ProcessRunner runner;
  private final NodeState state;
  private final Stamps stamps;
  private final AttemptStamps attemptStamps;

  public Bootstrapper(
      Settings settings,
      Supplier<SecureRandom> random,
      Clock clock,
      Sleeper sleeper,
      ProcessRunner runner) {
    this.settings = settings;
    this.random = random;
    this.jitter = random.get();
    this.clock = clock;
    this.sleeper = sleeper;
    this.runner = runner;
    this.state = settings.state();
    this.stamps = state.stamps();
    this.attemptStamps = new AttemptStamps(state, clock);
  }

  /**
   * Runs the boot job under the node's {@link BootstrapLock}: a second {@code rancherd bootstrap}
   * waits for the first and then finds the node bootstrapped (or resumes where it stopped).
   */
  @SuppressWarnings("try") // the lock is held for the block, never referenced in it
  public Outcome run(RunOptions options) throws RancherdException, InterruptedException {
    if (alreadyBootstrapped(options)) {
      return Outcome.ALREADY_BOOTSTRAPPED;
    }
    // Invalid input, or no role at all, is said before the lock file is created: nothing changes
    // then.
    if (noRole()) {
      LOG.info("No role is configured in any config source: nothing to bootstrap");
      return Outcome.NOTHING_TO_DO;
    }
    try (BootstrapLock lock = state.lock(clock, sleeper, LOG::info)) {
      return runLocked(options);
    } catch (IOException e) {
      throw new RancherdException(
          "releasing the bootstrap lock in " + state.dir() + ": " + e.getMessage(), e);
    }
  }

  /**
   * True when no config source sets a role; invalid input is thrown, other failures are left to the
   * attempts.
   */
  private boolean noRole() throws InvalidInputException {
    try {
      return RoleDecider.decide(new PlanPreparer(settings, random).load()).action() == Action.NONE;
    } catch (InvalidInputException e) {
      throw e;
    } catch (RancherdException e) {
      return false;
    }
  }

  private boolean alreadyBootstrapped(RunOptions options) {
    if (stamps.bootstrappedExists() && !options.force()) {
      LOG.info(
          "This node is already bootstrapped ({} exists): nothing to do; use --force to run again",
          state.shown(Stamps.BOOTSTRAPPED));
      return true;
    }
    return false;
  }

  private Outcome runLocked(RunOptions options) throws RancherdException, InterruptedException {
    if (alreadyBootstrapped(options)) {
      return Outcome.ALREADY_BOOTSTRAPPED;
    }
    if (options.force()) {
      startOver();
    }
    for (int attempt = 1; ; attempt++) {
      try {
        return attempt(attempt, options);
      } catch (InvalidInputException e) {
        throw e;
      } catch (RancherdException e) {
        attemptStamps.failed(attempt, e);
        if (options.once()) {
          throw e;
        }
        Duration pause = options.backoff().after(attempt, jitter);
        LOG.error("Bootstrap attempt {} failed: {}", attempt, ProcessResult.forLog(e.getMessage()));
        LOG.info(
            "Retrying in {} s (rancherd status shows every step; --once stops after one attempt)",
            String.format(Locale.ROOT, "%.1f", pause.toMillis() / 1000.0));
        sleeper.sleep(pause);
      }
    }
  }

  private void startOver() throws RancherdException {
    try {
      stamps.forgetBootstrapped();
      state.journal().clear();
    } catch (IOException e) {
      throw new RancherdException(
          "forgetting the previous bootstrap in " + state.dir() + ": " + e.getMessage(), e);
    }
    LOG.info("--force: every step runs again");
  }

  private Outcome attempt(int attempt, RunOptions options)
      throws RancherdException, InterruptedException {
    PlanPreparer preparer = new PlanPreparer(settings, random);
    LoadedConfig loaded = preparer.load();
    RoleDecision decision = PlanPreparer.decide(loaded);
    if (decision.action() == Action.NONE) {
      LOG.info("No role is configured in any config source: nothing to bootstrap");
      return Outcome.NOTHING_TO_DO;
    }
    LOG.info("Role {} (runtime {}): {}", decision.label(), decision.runtime(), decision.reason());
    if (decision.action() != Action.DISCOVER) {
      return install(NodeToInstall.configured(loaded, decision), attempt, options, preparer);
    }
    try (DiscoverySession session =
        DiscoverySession.open(
            discoveryOptions(loaded.config(), decision, options),
            clock,
            sleeper,
            random,
            new DiscoverySession.Output(LOG::info, LOG::warn))) {
      Outcome outcome =
          install(NodeToInstall.discovered(session, loaded, decision), attempt, options, preparer);
      session.linger(options.serverWait(), sleeper);
      return outcome;
    }
  }

  private DiscoverySession.Options discoveryOptions(
      RancherdConfig config, RoleDecision decision, RunOptions options) {
    return new DiscoverySession.Options(
        config.discovery().orElseThrow(),
        config.cluster().token().orElseThrow(),
        config.rancher().hostPort(),
        decision.server(),
        state,
        options.serverWait(),
        caPin(config),
        decision.runtime().supervisorPort());
  }

  /** The CA the token or caChecksum pins: what lets discovery follow a Rancher host. */
  private static Optional<String> caPin(RancherdConfig config) {
    try {
      return JoinToken.parse(config.cluster().token().orElseThrow())
          .caHash()
          .or(() -> config.trust().caChecksum());
    } catch (JoinToken.FormatException e) {
      return config.trust().caChecksum();
    }
  }

  private Outcome install(
      NodeToInstall node, int attempt, RunOptions options, PlanPreparer preparer)
      throws RancherdException, InterruptedException {
    RoleDecision decision = node.decision();
    // The decided role is recorded before anything can fail on the way to the plan (a join whose
    // server is not trusted), so that status names role and runtime then too.
    attemptStamps.working(AttemptStamps.decided(decision), attempt);
    Optional<ServerTrust.Chosen> chosen =
        new ServerTrust(clock, sleeper, random).establish(node, options.serverWait());
    LoadedConfig loaded =
        chosen.map(c -> node.joining(c.server()).loaded()).orElseGet(node::loaded);
    Optional<JoinTrust.Trusted> trusted = chosen.map(ServerTrust.Chosen::trusted);
    PreparedPlan prepared =
        preparer.prepare(loaded, decision, true, trusted.map(JoinTrust.Trusted::pinnedToken));
    Stamp summary = AttemptStamps.summary(prepared);
    if (trusted.isPresent()) {
      summary =
          summary.withServerCa(
              "sha256:" + trusted.get().caHash(), trusted.get().source().description());
    }
    attemptStamps.working(summary, attempt);
    try {
      state.writePlan(prepared.plan());
    } catch (IOException e) {
      throw new RancherdException(
          "writing the plan to " + state.root().path(state.planFile()) + ": " + e.getMessage(), e);
    }
    LOG.info(
        "Plan sha256:{} written to {}; applying it (attempt {})",
        prepared.checksum(),
        state.planFile(),
        attempt);
    List<String> ran = apply(prepared, options);
    attemptStamps.bootstrapped(summary);
    int total = PlanSteps.names(prepared.plan()).size();
    LOG.info(
        "Node bootstrapped: {} {} ({})",
        decision.label(),
        decision.runtime(),
        ran.size() == total
            ? "all " + total + " steps ran now"
            : ran.size() + " of " + total + " steps ran now, the others were done before");
    return Outcome.BOOTSTRAPPED;
  }

  private List<String> apply(PreparedPlan prepared, RunOptions options)
      throws RancherdException, InterruptedException {
    Map<String, String> environment =
        Map.of(
            ENV_ROOT,
            settings.root().dir().toString(),
            ENV_DATA_DIR,
            settings.dataDir(),
            ENV_SERVICE_MANAGER,
            options.serviceManager(),
            // a step's rancherd logs plain lines: this rancherd relays them with its own prefix
            LogFormat.VARIABLE,
            LogFormat.PLAIN.name().toLowerCase(java.util.Locale.ROOT));
    PlanExecutor executor =
        new PlanExecutor(
            state,
            runner,
            clock,
            sleeper,
            new PlanExecutor.Options(
                options.stepAttempts(),
                options.backoff(),
                RunOptions.INSTRUCTION_TIMEOUT,
                environment,
                jitter,
                StartedServices.of(
                    ServiceManagers.named(
                        options.serviceManager(), settings.root(), state.servicesDir(), runner))),
            prepared.secrets());
    try {
      return executor.apply(prepared.plan());
    } catch (IOException e) {
      throw new RancherdException("applying the plan: " + e.getMessage(), e);
    }
  }
}
