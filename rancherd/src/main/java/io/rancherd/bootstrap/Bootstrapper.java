package io.rancherd.bootstrap;

import io.rancherd.config.LoadedConfig;
import io.rancherd.error.RancherdException;
import io.rancherd.fs.AtomicFiles;
import io.rancherd.plan.model.PlanJson;
import io.rancherd.role.Action;
import io.rancherd.role.RoleDecision;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The boot job. It loads and checks the configuration, decides the role, resolves the token,
 * builds the plan and records it. Applying the plan comes with the plan executor; until then the
 * job stops after writing the plan and says that nothing was installed.
 */
public final class Bootstrapper {

  private static final Logger LOG = LoggerFactory.getLogger(Bootstrapper.class);

  /** What a run ended with. */
  public enum Outcome { ALREADY_BOOTSTRAPPED, NOTHING_TO_DO, PLAN_WRITTEN }

  private final Settings settings;
  private final Supplier<SecureRandom> random;
  private final Clock clock;
  private final Stamps stamps;

  public Bootstrapper(Settings settings, Supplier<SecureRandom> random, Clock clock) {
    this.settings = settings;
    this.random = random;
    this.clock = clock;
    this.stamps = new Stamps(settings.dataPath());
  }

  public Outcome run(boolean force) throws RancherdException {
    if (stamps.exists(Stamps.BOOTSTRAPPED) && !force) {
      LOG.info("This node is already bootstrapped ({} exists): nothing to do; use --force to run again",
          settings.dataDir() + "/" + Stamps.BOOTSTRAPPED);
      return Outcome.ALREADY_BOOTSTRAPPED;
    }
    PlanPreparer preparer = new PlanPreparer(settings, random);
    LoadedConfig loaded = preparer.load();
    RoleDecision decision = PlanPreparer.decide(loaded);
    if (decision.action() == Action.NONE) {
      LOG.info("No role is configured in any config source: nothing to bootstrap");
      return Outcome.NOTHING_TO_DO;
    }
    LOG.info("Role {} (runtime {}): {}", decision.label(), decision.runtime(), decision.reason());
    if (decision.action() == Action.DISCOVER) {
      throw new RancherdException("discovering peers: server discovery is not available in this build of "
          + "rancherd; set server to the URL of a server node to join it");
    }
    PreparedPlan prepared = preparer.prepare(loaded, decision, true);
    Path planFile = settings.root().path(settings.planSettings().planFile());
    try {
      stamps.write(Stamps.WORKING, summary(prepared), clock.instant());
      AtomicFiles.writePrivate(planFile, PlanJson.canonical(prepared.plan()));
    } catch (IOException e) {
      throw new RancherdException("writing the plan to " + planFile + ": " + e.getMessage(), e);
    }
    LOG.info("Plan sha256:{} written to {}", prepared.checksum(), settings.planSettings().planFile());
    return Outcome.PLAN_WRITTEN;
  }

  /** What a stamp records: the decision and the plan, never the token. */
  static Map<String, Object> summary(PreparedPlan prepared) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("role", prepared.decision().label());
    fields.put("configuredRole", prepared.decision().configuredRole());
    fields.put("runtime", prepared.decision().runtime().id());
    fields.put("reason", prepared.decision().reason());
    fields.put("planChecksum", "sha256:" + prepared.checksum());
    fields.put("tokenSource", prepared.token().source().name().toLowerCase(java.util.Locale.ROOT));
    return fields;
  }
}
