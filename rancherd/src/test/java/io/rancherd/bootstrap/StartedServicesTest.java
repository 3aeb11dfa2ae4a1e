package io.rancherd.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rancherd.plan.apply.EffectCheck;
import io.rancherd.plan.model.PlanInstruction;
import io.rancherd.service.ServiceManager;
import io.rancherd.service.ServiceStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which done start steps a resumed bootstrap runs again. */
class StartedServicesTest {

  static final PlanInstruction START_K3S =
      PlanInstruction.command(
          "start-k3s", List.of(), "/usr/bin/rancherd", List.of("service", "start", "k3s"));
  static final PlanInstruction INSTALL =
      PlanInstruction.command(
          "install-k3s", List.of(), "/usr/bin/rancherd", List.of("install-runtime"));

  @Test
  void direct_aStartStepWhoseServiceIsGone_runsAgain_otherStepsAreNotAsked() throws Exception {
    Services direct = new Services(false, false);
    EffectCheck check = StartedServices.of(direct);

    assertEquals(
        Optional.of(
            "k3s does not run (the fake service manager does not start it again after a reboot)"),
        check.gone(START_K3S));
    assertEquals(Optional.empty(), check.gone(INSTALL));
    assertEquals(List.of("k3s"), direct.asked);
  }

  @Test
  void direct_aStartStepWhoseServiceRuns_staysDone() throws Exception {
    assertEquals(Optional.empty(), StartedServices.of(new Services(false, true)).gone(START_K3S));
  }

  @Test
  void systemd_startsEnabledServicesAtBoot_soAStartStepStaysDoneUnasked() throws Exception {
    Services systemd = new Services(true, false);

    assertEquals(Optional.empty(), StartedServices.of(systemd).gone(START_K3S));
    assertEquals(List.of(), systemd.asked);
  }

  /** A service manager that answers isActive as told and records what it was asked. */
  static final class Services implements ServiceManager {

    @Override
    public void stop(String unit) {
      // these tests never stop a service
    }

    final boolean restartsAtBoot;
    final boolean active;
    final List<String> asked = new ArrayList<>();

    Services(boolean restartsAtBoot, boolean active) {
      this.restartsAtBoot = restartsAtBoot;
      this.active = active;
    }

    @Override
    public void enableAndStart(String unit) {
      throw new UnsupportedOperationException("the check starts nothing");
    }

    @Override
    public boolean isActive(String unit) {
      asked.add(unit);
      return active;
    }

    @Override
    public ServiceStatus status(String unit) {
      throw new UnsupportedOperationException("the check asks isActive()");
    }

    @Override
    public boolean restartsAtBoot() {
      return restartsAtBoot;
    }

    @Override
    public String name() {
      return "fake";
    }
  }
}
