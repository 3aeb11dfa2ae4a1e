package io.rancherd.plan.apply;

import io.rancherd.plan.model.PlanInstruction;
import java.util.Optional;

/**
 * Whether the effect of an instruction done in an earlier run still holds. Most do (files, an
 * installed binary); a service started without a service manager is gone after a reboot, and the
 * {@link PlanExecutor} runs its step again.
 */
@FunctionalInterface
public interface EffectCheck {

  /** Every effect lasts: a done step is never run again. */
  EffectCheck LASTING = instruction -> Optional.empty();

  /**
   * Empty while the effect of {@code instruction}, done in an earlier run, still holds; else why it
   * is gone ("k3s does not run"), and the step runs again.
   */
  Optional<String> gone(PlanInstruction instruction) throws InterruptedException;
}
