package io.rancherd.probe;

import io.rancherd.plan.model.PlanProbe;

/** Checks a probe once. */
@FunctionalInterface
public interface Prober {

  ProbeResult check(PlanProbe probe);
}
