package io.rancherd.bootstrap;

import io.rancherd.config.LoadedConfig;
import io.rancherd.config.Secret;
import io.rancherd.plan.model.Plan;
import io.rancherd.plan.model.PlanJson;
import io.rancherd.role.RoleDecision;
import io.rancherd.token.TokenStore;
import java.util.List;

/** A node's plan with what it was built from: the configuration, the decision and the token. */
public record PreparedPlan(LoadedConfig loaded, RoleDecision decision, TokenStore.Resolved token, Plan plan) {

  /** The plan as it may be shown: every secret replaced by a marker. */
  public Plan redacted() {
    return PlanJson.redact(plan, secrets());
  }

  public List<Secret> secrets() {
    return List.of(token.token());
  }

  /** The checksum of the redacted plan: safe to print, stable across runs with the same inputs. */
  public String checksum() {
    return PlanJson.checksum(redacted());
  }
}
