package io.rancherd.bootstrap;

import io.rancherd.config.LoadedConfig;
import io.rancherd.config.RancherdConfig;
import io.rancherd.discovery.Decision;
import io.rancherd.discovery.DiscoverySession;
import io.rancherd.error.InvalidInputException;
import io.rancherd.error.RancherdException;
import io.rancherd.exec.ProcessRunner;
import io.rancherd.join.JoinTarget;
import io.rancherd.join.JoinTrust;
import io.rancherd.plan.apply.PlanExecutor;
import io.rancherd.plan.model.PlanSteps;
import io.rancherd.role.Action;
import io.rancherd.role.RoleDecision;
import io.rancherd.runtime.Supervisor;
import io.rancherd.state.BootstrapLock;
import io.rancherd.state.NodeState;
import io.rancherd.state.Stamp;
import io.rancherd.state.Stamps;
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

  private static final Duration JOIN_REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private final Settings settings;
  private final Supplier<SecureRandom> random;
  private final Clock clock;
  private final Sleeper sleeper;
  private final ProcessRunner runner;
  private final NodeState state;
  private final Stamps stamps;

  public Bootstrapper(
      Settings settings,
      Supplier<SecureRandom> random,
      Clock clock,
      Sleeper sleeper,
      ProcessRunner runner) {
    this.settings = settings;
    this.random = random;
    this.clock = clock;
    this.sleeper = sleeper;
    this.runner = runner;
    this.state = settings.state();
    this.stamps = state.stamps();
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
      return PlanPreparer.decide(new PlanPreparer(settings, random).load()).action() == Action.NONE;
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
        recordFailure(attempt, e);
        if (options.once()) {
          throw e;
        }
        Duration pause = options.backoff().after(attempt);
        LOG.error("Bootstrap attempt {} failed: {}", attempt, e.getMessage());
        LOG.info(
            "Retrying in {} s (rancherd status shows every step; --once stops after one attempt)",
            pause.toSeconds());
        sleeper.sleep(pause);
      }
    }
  }

  /**
   * Keeps the failure of an attempt in the {@code working} stamp, so that {@code status} and {@code
   * doctor} can name it even when it happened before the plan was written (a join that could not
   * verify its server). Messages never hold secrets.
   */
  private void recordFailure(int attempt, RancherdException failure) {
    Stamp failed =
        stamps
            .working()
            .orElse(Stamp.decided(null, null, null, null))
            .withAttempt(attempt)
            .withLastError(failure.getMessage());
    try {
      stamps.writeWorking(failed, clock.instant());
    } catch (IOException e) {
      LOG.warn("Cannot record the failure in {}: {}", state.shown(Stamps.WORKING), e.getMessage());
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
      return install(
          new Node(loaded, decision, Optional.empty(), Optional.empty()),
          attempt,
          options,
          preparer);
    }
    try (DiscoverySession session =
        DiscoverySession.open(
            discoveryOptions(loaded.config(), decision, options),
            clock,
            sleeper,
            random,
            new DiscoverySession.Output(LOG::info, LOG::warn))) {
      Outcome outcome = install(discovered(session, loaded, decision), attempt, options, preparer);
      session.linger(options.serverWait(), sleeper);
      return outcome;
    }
  }

  /**
   * The node as it will be installed: its configuration, its decided role, the join server that
   * vouches for its server's CA and the discovery session (both only after discovery).
   */
  private record Node(
      LoadedConfig loaded,
      RoleDecision decision,
      Optional<String> joinServerUrl,
      Optional<DiscoverySession> session) {}

  private DiscoverySession.Options discoveryOptions(
      RancherdConfig config, RoleDecision decision, RunOptions options) {
    return new DiscoverySession.Options(
        config.discovery().orElseThrow(),
        config.cluster().token().orElseThrow(),
        config.rancher().hostPort(),
        decision.server(),
        state,
        options.serverWait());
  }

  /**
   * Runs discovery; the node then initializes, or joins the server it found, as a plain INIT or
   * JOIN node.
   */
  private static Node discovered(
      DiscoverySession session, LoadedConfig loaded, RoleDecision decision)
      throws RancherdException, InterruptedException {
    DiscoverySession.Outcome found = session.decide();
    String why = "discovery: " + found.decision().describe();
    if (found.decision() instanceof Decision.Join join) {
      String server =
          found.joinServerUrl().isPresent()
              ? "https://" + join.leader().urlHost() + ":" + decision.runtime().supervisorPort()
              : "https://" + join.leader().urlHost();
      LoadedConfig joining =
          new LoadedConfig(
              loaded.config().withServer(server),
              loaded.sources(),
              loaded.warnings(),
              loaded.keyLocations());
      return new Node(
          joining,
          new RoleDecision(
              Action.JOIN, decision.server(), decision.runtime(), decision.configuredRole(), why),
          found.joinServerUrl(),
          Optional.of(session));
    }
    session.readyWhenServed(
        "https://" + session.self().urlHost() + ":" + decision.runtime().supervisorPort());
    return new Node(
        loaded,
        new RoleDecision(Action.INIT, true, decision.runtime(), decision.configuredRole(), why),
        Optional.empty(),
        Optional.of(session));
  }

  private Outcome install(Node node, int attempt, RunOptions options, PlanPreparer preparer)
      throws RancherdException, InterruptedException {
    LoadedConfig loaded = node.loaded();
    RoleDecision decision = node.decision();
    // The decided role is recorded before anything can fail on the way to the plan (a join whose
    // server is not trusted), so that status names role and runtime then too.
    writeWorking(decided(decision), attempt);
    Optional<JoinTrust.Trusted> trusted =
        trustServer(loaded.config(), decision, node.joinServerUrl(), options);
    PreparedPlan prepared =
        preparer.prepare(loaded, decision, true, trusted.map(JoinTrust.Trusted::pinnedToken));
    Stamp summary = summary(prepared);
    if (trusted.isPresent()) {
      summary =
          summary.withServerCa(
              "sha256:" + trusted.get().caHash(), trusted.get().source().description());
    }
    writeWorking(summary, attempt);
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
    try {
      stamps.writeBootstrapped(summary.done(), clock.instant());
    } catch (IOException e) {
      throw new RancherdException(
          "writing the bootstrapped stamp in " + state.dir() + ": " + e.getMessage(), e);
    }
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

  /**
   * A joining node trusts the server's CA, and the server accepts the token, before anything is
   * installed (JoinTrust); waits for a server that does not answer yet up to --server-wait.
   */
  private Optional<JoinTrust.Trusted> trustServer(
      RancherdConfig config,
      RoleDecision decision,
      Optional<String> joinServerUrl,
      RunOptions options)
      throws RancherdException, InterruptedException {
    if (decision.action() != Action.JOIN) {
      return Optional.empty();
    }
    JoinTarget target =
        new JoinTarget(
            Supervisor.url(config.cluster().server().orElseThrow(), decision.runtime()),
            decision.runtime(),
            decision.server(),
            joinServerUrl);
    LOG.info(
        "Joining {}: verifying its CA before anything is sent or installed", target.describe());
    JoinTrust trust =
        new JoinTrust(
            clock,
            sleeper,
            new JoinTrust.Output(LOG::info, LOG::warn),
            JoinTrust.timing(options.serverWait()),
            JOIN_REQUEST_TIMEOUT,
            random);
    return Optional.of(
        trust.establish(target, config.cluster().token().orElseThrow(), config.trust()));
  }

  private List<String> apply(PreparedPlan prepared, RunOptions options)
      throws RancherdException, InterruptedException {
    Map<String, String> environment =
        Map.of(
            ENV_ROOT, settings.root().dir().toString(),
            ENV_DATA_DIR, settings.dataDir(),
            ENV_SERVICE_MANAGER, options.serviceManager());
    PlanExecutor executor =
        new PlanExecutor(
            settings.root(),
            state.planDir(),
            runner,
            clock,
            sleeper,
            new PlanExecutor.Options(
                options.stepAttempts(),
                options.backoff(),
                RunOptions.INSTRUCTION_TIMEOUT,
                environment),
            prepared.secrets());
    try {
      return executor.apply(prepared.plan());
    } catch (IOException e) {
      throw new RancherdException("applying the plan: " + e.getMessage(), e);
    }
  }

  /**
   * Writes {@code stamp} with the attempt to {@code working}, keeping the last failed attempt's
   * error.
   */
  private void writeWorking(Stamp stamp, int attempt) throws RancherdException {
    Optional<String> lastError = stamps.working().flatMap(Stamp::lastFailure);
    try {
      stamps.writeWorking(
          stamp.withAttempt(attempt).withLastError(lastError.orElse(null)), clock.instant());
    } catch (IOException e) {
      throw new RancherdException(
          "writing the working stamp in " + state.dir() + ": " + e.getMessage(), e);
    }
  }

  private static Stamp decided(RoleDecision decision) {
    return Stamp.decided(
        decision.label(), decision.configuredRole(), decision.runtime().id(), decision.reason());
  }

  /** What a stamp records: the decision and the plan, never the token. */
  static Stamp summary(PreparedPlan prepared) {
    return decided(prepared.decision())
        .withPlan(
            "sha256:" + prepared.checksum(),
            prepared.token().source().name().toLowerCase(Locale.ROOT));
  }
}
