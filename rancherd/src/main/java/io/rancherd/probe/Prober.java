package io.rancherd.probe;

import io.rancherd.wait.CheckResult;

import io.rancherd.plan.model.PlanProbe;

/** Checks a probe once. */
@FunctionalInterface
public interface Prober {

  CheckResult check(PlanProbe probe);
}
