package io.rancherd.cli;

import io.rancherd.bootstrap.PlanPreparer;
import io.rancherd.bootstrap.PreparedPlan;
import io.rancherd.config.LoadedConfig;
import io.rancherd.config.RancherdConfig;
import io.rancherd.config.Redaction;
import io.rancherd.error.RancherdException;
import io.rancherd.plan.InstallSourceChoice;
import io.rancherd.plan.Planner;
import io.rancherd.plan.model.PlanJson;
import io.rancherd.role.Action;
import io.rancherd.role.RoleDecision;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "plan",
    header = "Print the plan bootstrap would apply, changing nothing",
    description =
        "Print the plan as JSON on stdout, with secrets shown as --redacted--; the role"
            + " decision and the plan checksum go to stderr. It writes nothing and contacts"
            + " nothing.")
final class PlanCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(PlanCommand.class);

  @Mixin HelpOption help;

  @ParentCommand RancherdCommand parent;
  @Mixin ConfigOption config;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws RancherdException {
    PlanPreparer preparer =
        new PlanPreparer(parent.global.settings(config.file()), SecureRandom::new);
    LoadedConfig loaded = preparer.load();
    RoleDecision decision = PlanPreparer.decide(loaded);
    if (decision.action() != Action.NONE) {
      LOG.info("Role {} (runtime {}): {}", decision.label(), decision.runtime(), decision.reason());
    }
    if (decision.action() == Action.DISCOVER) {
      LOG.info(
          decision.server()
              ? "Discovery decides at boot whether this node initializes or joins; shown: the plan if it initializes"
              : "Discovery finds the server at boot; shown: the join plan with a placeholder server URL");
    }
    PreparedPlan prepared = preparer.prepare(loaded, decision, false);
    RancherdConfig shown = Redaction.redact(loaded.config(), prepared.secrets());
    LOG.info(
        "{} from {}",
        decision.runtime(),
        InstallSourceChoice.runtime(shown.install()).describe("runtime"));
    if (prepared.plan().instructions().stream()
        .anyMatch(i -> i.name().equals(Planner.INSTALL_RANCHER))) {
      LOG.info("Rancher chart from {}", InstallSourceChoice.rancher(shown).describe("rancher"));
    }
    spec.commandLine().getOut().print(PlanJson.pretty(prepared.redacted()));
    spec.commandLine().getOut().flush();
    LOG.info("Plan checksum sha256:{}", prepared.checksum());
    return ExitCodes.OK;
  }
}
