package io.rancherd.doctor;

import io.rancherd.bootstrap.BootstrapLock;
import io.rancherd.bootstrap.Settings;
import io.rancherd.bootstrap.Stamps;
import io.rancherd.error.RancherdException;
import io.rancherd.plan.apply.PlanExecutor;
import io.rancherd.plan.apply.StepRecord;
import java.util.List;
import java.util.Map;
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
    Settings settings = context.settings();
    Stamps stamps = new Stamps(settings.dataPath());
    Optional<Map<String, Object>> bootstrapped = stamps.read(Stamps.BOOTSTRAPPED);
    if (bootstrapped.isPresent()) {
      Map<String, Object> f = bootstrapped.get();
      return Finding.pass(NAME, "bootstrapped at " + f.getOrDefault("time", "?") + " as " + f.getOrDefault("role", "?")
          + " (" + f.getOrDefault("runtime", "?") + ")");
    }
    Optional<StepRecord> failed = lastFailedStep(settings);
    if (failed.isPresent()) {
      StepRecord step = failed.get();
      return Finding.fail(NAME, "step " + step.name() + " failed after " + step.attempts()
          + (step.attempts() == 1 ? " attempt: " : " attempts: ") + Optional.ofNullable(step.lastError()).orElse("?"),
          "see " + settings.dataDir() + "/plan/output/" + step.name() + ".log; fix the cause, then rancherd bootstrap");
    }
    Optional<Map<String, Object>> working = stamps.read(Stamps.WORKING);
    Optional<String> running = BootstrapLock.holder(settings.dataPath());
    if (working.isPresent() && working.get().get("lastError") != null) {
      Map<String, Object> f = working.get();
      String error = String.valueOf(f.get("lastError"));
      int at = error.indexOf(RancherdException.FIX);
      String fix = at < 0 ? "fix the cause named there (the checks above may show it)"
          : error.substring(at + RancherdException.FIX.length());
      return Finding.fail(NAME, "attempt " + f.getOrDefault("attempt", "?") + " failed before any step failed: "
          + (at < 0 ? error : error.substring(0, at)), fix + running
              .map(holder -> "; the bootstrap running now (" + holder + ") retries by itself")
              .orElse("; then run rancherd bootstrap"));
    }
    if (working.isPresent()) {
      Map<String, Object> f = working.get();
      String since = (f.containsKey("attempt") ? "attempt " + f.get("attempt") + " " : "") + "since "
          + f.getOrDefault("time", "?");
      return running.isPresent()
          ? Finding.warn(NAME, "bootstrap running now (" + running.get() + ", " + since + ")",
              "wait for it: rancherd status shows each step; journalctl -u rancherd or the runcmd output has its log")
          : Finding.warn(NAME, "bootstrap interrupted (" + since + "): no bootstrap runs now",
              "run rancherd bootstrap: it goes on from the first step not done");
    }
    return Finding.warn(NAME, "rancherd has not run on this node", "rancherd bootstrap");
  }

  private static Optional<StepRecord> lastFailedStep(Settings settings) {
    List<StepRecord> steps = PlanExecutor.journalOf(settings.dataPath().resolve("plan")).steps();
    return steps.stream().filter(s -> s.state() == StepRecord.State.failed).reduce((first, second) -> second);
  }
}
