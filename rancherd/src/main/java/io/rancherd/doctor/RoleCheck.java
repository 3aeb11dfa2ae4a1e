package io.rancherd.doctor;

import io.rancherd.config.ConfigException;
import io.rancherd.role.Action;
import io.rancherd.role.RoleDecision;

/** What the node does with the cluster, and why (rancherd's role decision). */
final class RoleCheck implements Check {

  static final String NAME = "role";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Finding run(DoctorContext context, Findings earlier) {
    if (context.configError().isPresent()) {
      return Finding.skip(NAME, "the config did not load");
    }
    if (context.decisionError().isPresent()) {
      ConfigException e = context.decisionError().get();
      return Finding.fail(
          NAME,
          e.getMessage(),
          e.keyPath().isEmpty()
              ? "correct the config, then run rancherd doctor again"
              : "set " + e.keyPath() + " in a config source, then run rancherd doctor again");
    }
    RoleDecision decision = context.decision().orElseThrow();
    if (decision.action() == Action.NONE) {
      return Finding.warn(
          NAME,
          "no role is configured: rancherd bootstrap does nothing on this node",
          "set role to cluster-init (initialize a new cluster), server or agent (join one)");
    }
    return Finding.pass(
        NAME, decision.label() + " on " + decision.runtime() + ": " + decision.reason());
  }
}
