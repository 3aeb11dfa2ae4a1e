package io.rancherd.doctor;

import io.rancherd.error.RancherdException;
import io.rancherd.state.NodeState;
import io.rancherd.state.Stamp;
import io.rancherd.state.Stamps;
import io.rancherd.state.StepRecord;
import java.util.Optional;

/**
 * What rancherd itself recorded on this node: the {@code bootstrapped} and {@code working} stamps
 * and the last failed step of the plan journal.
 */
final class StampsCheck implements Check {

  static final String NAME = "stamps";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Finding run(DoctorContext context, Findings earlier) {
    NodeState state = context.state();
    Stamps stamps = state.stamps();
    Optional<Stamp> bootstrapped = stamps.bootstrapped();
    if (bootstrapped.isPresent()) {
      Stamp f = bootstrapped.get();
      return Finding.pass(
          NAME,
          "bootstrapped at "
              + known(f.time())
              + " as "
              + known(f.role())
              + " ("
              + known(f.runtime())
              + ")");
    }
    Optional<StepRecord> failed = lastFailedStep(state);
    if (failed.isPresent()) {
      StepRecord step = failed.get();
      return Finding.fail(
          NAME,
          "step "
              + step.name()
              + " failed after "
              + step.attempts()
              + (step.attempts() == 1 ? " attempt: " : " attempts: ")
              + Optional.ofNullable(step.lastError()).orElse("?"),
          "see " + state.stepOutput(step.name()) + "; fix the cause, then rancherd bootstrap");
    }
    Optional<Stamp> working = stamps.working();
    Optional<String> running = state.bootstrapRunning();
    if (working.isPresent() && working.get().lastFailure().isPresent()) {
      Stamp f = working.get();
      String error = f.lastError();
      int at = error.indexOf(RancherdException.FIX);
      String fix =
          at < 0
              ? "fix the cause named there (the checks above may show it)"
              : error.substring(at + RancherdException.FIX.length());
      return Finding.fail(
          NAME,
          "attempt "
              + known(f.attempt())
              + " failed before any step failed: "
              + (at < 0 ? error : error.substring(0, at)),
          fix
              + running
                  .map(holder -> "; the bootstrap running now (" + holder + ") retries by itself")
                  .orElse("; then run rancherd bootstrap"));
    }
    if (working.isPresent()) {
      Stamp f = working.get();
      String since =
          (f.attempt() != null ? "attempt " + f.attempt() + " " : "") + "since " + known(f.time());
      return running.isPresent()
          ? Finding.warn(
              NAME,
              "bootstrap running now (" + running.get() + ", " + since + ")",
              "wait for it: rancherd status shows each step; journalctl -u rancherd or the runcmd output has its log")
          : Finding.warn(
              NAME,
              "bootstrap interrupted (" + since + "): no bootstrap runs now",
              "run rancherd bootstrap: it goes on from the first step not done");
    }
    return Finding.warn(NAME, "rancherd has not run on this node", "rancherd bootstrap");
  }

  private static String known(Object value) {
    return value == null ? "?" : String.valueOf(value);
  }

  private static Optional<StepRecord> lastFailedStep(NodeState state) {
    return state.journal().steps().stream()
        .filter(s -> s.state() == StepRecord.State.failed)
        .reduce((first, second) -> second);
  }
}
