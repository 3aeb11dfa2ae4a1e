package io.rancherd.bootstrap;

import io.rancherd.error.RancherdException;
import io.rancherd.plan.Planner;
import io.rancherd.plan.apply.EffectCheck;
import io.rancherd.plan.model.PlanInstruction;
import io.rancherd.service.ServiceManager;
import java.util.Optional;

/**
 * Whether the service a done start step started still runs. With systemd it does, or systemd starts
 * it again at boot: a done start step stays done. The direct service manager starts nothing at
 * boot, so after a reboot in the middle of a bootstrap the start step runs again; without that the
 * probes after it would wait for a service nothing starts (issue 17, item 4b).
 */
final class StartedServices implements EffectCheck {

  private final ServiceManager services;

  private StartedServices(ServiceManager services) {
    this.services = services;
  }

  static EffectCheck of(ServiceManager services) {
    return services.restartsAtBoot() ? EffectCheck.LASTING : new StartedServices(services);
  }

  @Override
  public Optional<String> gone(PlanInstruction instruction) throws InterruptedException {
    Optional<String> unit = Planner.startedUnit(instruction);
    if (unit.isEmpty()) {
      return Optional.empty();
    }
    try {
      return services.isActive(unit.get())
          ? Optional.empty()
          : Optional.of(
              unit.get()
                  + " does not run (the "
                  + services.name()
                  + " service manager does not start it again after a reboot)");
    } catch (RancherdException e) {
      return Optional.of("whether " + unit.get() + " runs is unknown: " + e.getMessage());
    }
  }
}
