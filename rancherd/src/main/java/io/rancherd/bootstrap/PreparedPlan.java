package io.rancherd.bootstrap;

import io.rancherd.config.LoadedConfig;
import io.rancherd.plan.model.Plan;
import io.rancherd.plan.model.PlanJson;
import io.rancherd.role.RoleDecision;
import io.rancherd.secret.Secret;
import io.rancherd.token.TokenStore;
import java.util.List;

/**
 * A node's plan with what it was built from. {@code plan} holds the real secrets and is only ever
 * written to a 0600 file; {@code redacted} is the same plan built from a configuration whose
 * secrets were replaced by a marker, and is what may be shown.
 */
public record PreparedPlan(
    LoadedConfig loaded,
    RoleDecision decision,
    TokenStore.Resolved token,
    Plan plan,
    Plan redacted,
    List<Secret> secrets) {

  public PreparedPlan {
    secrets = List.copyOf(secrets);
  }

  /** The checksum of the redacted plan: safe to print, stable across runs with the same inputs. */
  public String checksum() {
    return PlanJson.checksum(redacted);
  }
}
