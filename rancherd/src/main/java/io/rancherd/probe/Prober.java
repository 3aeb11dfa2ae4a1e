package io.rancherd.probe;

import io.rancherd.plan.model.PlanProbe;
import io.rancherd.wait.CheckResult;

/** Checks a probe once. */
@FunctionalInterface
interface Prober {

  CheckResult check(PlanProbe probe);
}
