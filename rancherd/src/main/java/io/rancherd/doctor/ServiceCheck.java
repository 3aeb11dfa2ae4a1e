package io.rancherd.doctor;

import io.rancherd.role.Action;
import io.rancherd.role.RoleDecision;
import io.rancherd.service.ServiceStatus;

/**
 * Whether the runtime's service (k3s, k3s-agent, rke2-server, rke2-agent) is installed and runs.
 */
final class ServiceCheck implements Check {

  static final String NAME = "service";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Finding run(DoctorContext context, Findings earlier) throws InterruptedException {
    if (context.decision().isEmpty()) {
      return Finding.skip(NAME, context.whyNotJoining());
    }
    RoleDecision decision = context.decision().get();
    if (decision.action() == Action.NONE) {
      return Finding.skip(NAME, "no role is configured");
    }
    String unit = decision.runtime().unit(decision.server());
    ServiceStatus status = context.serviceManager().status(unit);
    return switch (status.state()) {
      case NOT_INSTALLED ->
          Finding.skip(NAME, unit + " is not installed (" + status.detail() + ")");
      case UNKNOWN ->
          Finding.skip(NAME, "cannot tell whether " + unit + " runs: " + status.detail());
      case ACTIVE -> Finding.pass(NAME, unit + " is running (" + status.detail() + ")");
      case INACTIVE ->
          Finding.fail(
              NAME,
              unit
                  + " is not running ("
                  + status.detail()
                  + "); last log lines: "
                  + (status.lastLogLines().isEmpty()
                      ? "none"
                      : String.join(Finding.LINE_JOIN, status.lastLogLines())),
              status.wholeLog());
    };
  }
}
