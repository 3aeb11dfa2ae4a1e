package io.rancherd.state;

import io.rancherd.plan.model.Plan;
import io.rancherd.plan.model.PlanSteps;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the bootstrap of this node stands, as lines for people: the stamps, the recorded plan and
 * each step with its state, attempts, duration and last error.
 */
public final class StatusReport {

  private StatusReport() {}

  /** The report of {@code state}, which stands at {@code progress}. */
  public static List<String> lines(NodeState state, Progress progress) {
    List<String> lines = new ArrayList<>();
    Stamps stamps = state.stamps();
    Optional<Stamp> working = stamps.working();
    lines.add("state:        " + progress.wire());
    lines.add("data dir:     " + state.dataDir());
    lines.add("bootstrapped: " + stampLine(stamps.bootstrapped()));
    lines.add("working:      " + stampLine(working));
    lines.add(
        "running now:  "
            + state
                .bootstrapRunning()
                .map(
                    holder ->
                        "yes, " + holder + " (it holds " + state.shown(BootstrapLock.FILE) + ")")
                .orElse("no"));
    working.flatMap(Stamp::lastFailure).ifPresent(error -> lines.add("last error:   " + error));
    state.discovery().ifPresent(record -> lines.addAll(discoveryLines(record)));
    Optional<Plan> plan = state.plan();
    lines.add("plan:         " + planLine(state, plan));
    lines.addAll(stepLines(plan, state.journal().steps()));
    return lines;
  }

  /**
   * The same report as JSON (docs/status-json.md): {@code schema} 1, {@code state}, {@code
   * exitCode}, {@code dataDir}, the stamps as written ({@code bootstrapped}, {@code working}, null
   * when absent), {@code runningNow} (the lock holder, or null), {@code lastError}, {@code
   * discovery} ({@code decided} or the last {@code view}), {@code plan} (file and counts, or null)
   * and {@code steps} (name, state, attempts, startedAt, finishedAt, lastError), in plan order.
   */
  public static String json(NodeState state, Progress progress) {
    Stamps stamps = state.stamps();
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("schema", 1);
    doc.put("state", progress.wire());
    doc.put("exitCode", progress.exitCode());
    doc.put("dataDir", state.dataDir());
    doc.put("bootstrapped", stamps.bootstrapped().orElse(null));
    doc.put("working", stamps.working().orElse(null));
    doc.put("runningNow", state.bootstrapRunning().orElse(null));
    doc.put("lastError", stamps.working().flatMap(Stamp::lastFailure).orElse(null));
    doc.put(
        "discovery",
        state
            .discovery()
            .map(
                record -> {
                  Map<String, Object> d = new LinkedHashMap<>();
                  d.put(
                      "decided",
                      record.decision().map(DiscoveryRecord.Decided::describe).orElse(null));
                  d.put("view", record.view().orElse(null));
                  return d;
                })
            .orElse(null));
    Optional<Plan> plan = state.plan();
    doc.put(
        "plan",
        plan.map(
                p -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("file", state.planFile());
                  m.put("files", p.files().size());
                  m.put("instructions", p.instructions().size());
                  m.put("probes", p.probes().size());
                  return m;
                })
            .orElse(null));
    List<StepRecord> journal = state.journal().steps();
    List<Map<String, Object>> steps = new ArrayList<>();
    for (String name : stepNames(plan, journal)) {
      Optional<StepRecord> r = journal.stream().filter(j -> j.name().equals(name)).findFirst();
      Map<String, Object> step = new LinkedHashMap<>();
      step.put("name", name);
      step.put("state", r.map(x -> x.state().name()).orElse("pending"));
      step.put("attempts", r.map(StepRecord::attempts).orElse(0));
      step.put("startedAt", r.map(StepRecord::startedAt).orElse(null));
      step.put("finishedAt", r.map(StepRecord::finishedAt).orElse(null));
      step.put("lastError", r.map(StepRecord::lastError).orElse(null));
      steps.add(step);
    }
    doc.put("steps", steps);
    return StateJson.text(doc);
  }

  /** What discovery decided, or what it saw last and why it has not decided yet. */
  static List<String> discoveryLines(DiscoveryRecord record) {
    List<String> lines = new ArrayList<>();
    if (record.decision().isPresent()) {
      lines.add("discovery:    decided: " + record.decision().get().describe());
      return lines;
    }
    record
        .view()
        .ifPresent(
            view -> {
              lines.add("discovery:    " + view.reason() + " (" + view.time() + ")");
              lines.add("  seen:       " + DiscoveryRecord.list(view.seen()));
              lines.add("  agreeing:   " + DiscoveryRecord.list(view.agreeing()));
              lines.add("  awaited:    " + DiscoveryRecord.list(view.awaited()));
            });
    return lines;
  }

  private static String stampLine(Optional<Stamp> stamp) {
    if (stamp.isEmpty()) {
      return "no";
    }
    Stamp f = stamp.get();
    List<String> known = new ArrayList<>();
    addKnown(known, "role", f.role());
    addKnown(known, "runtime", f.runtime());
    addKnown(known, "plan", f.planChecksum());
    addKnown(known, "attempt", f.attempt());
    return "yes, "
        + Optional.ofNullable(f.time()).orElse("?")
        + (known.isEmpty() ? "" : " (" + String.join(", ", known) + ")");
  }

  private static void addKnown(List<String> known, String label, Object value) {
    if (value != null) {
      known.add(label + " " + value);
    }
  }

  private static String planLine(NodeState state, Optional<Plan> plan) {
    if (!state.planWritten()) {
      return "none written yet";
    }
    String shown = state.planFile();
    return plan.map(
            p ->
                shown
                    + " ("
                    + p.files().size()
                    + " files, "
                    + p.instructions().size()
                    + " instructions, "
                    + p.probes().size()
                    + " probes)")
        .orElse(shown + " (unreadable)");
  }

  /** One line per step of the plan, in order; steps the journal does not know yet are pending. */
  static List<String> stepLines(Optional<Plan> plan, List<StepRecord> journal) {
    List<String> names = stepNames(plan, journal);
    if (names.isEmpty()) {
      return List.of();
    }
    int width = names.stream().mapToInt(String::length).max().orElse(0);
    List<String> lines = new ArrayList<>();
    lines.add("steps:");
    for (String name : names) {
      Optional<StepRecord> record = journal.stream().filter(r -> r.name().equals(name)).findFirst();
      lines.add(
          "  " + pad(name, width) + "  " + record.map(StatusReport::describe).orElse("pending"));
    }
    return lines;
  }

  /** The plan's steps in order, then steps only the journal knows. */
  private static List<String> stepNames(Optional<Plan> plan, List<StepRecord> journal) {
    List<String> names = new ArrayList<>(plan.map(PlanSteps::names).orElse(List.of()));
    journal.stream().map(StepRecord::name).filter(n -> !names.contains(n)).forEach(names::add);
    return names;
  }

  private static String describe(StepRecord r) {
    StringBuilder line = new StringBuilder(pad(r.state().name(), 7));
    duration(r).ifPresent(d -> line.append("  ").append(d));
    if (r.attempts() > 1 || r.state() != StepRecord.State.done) {
      line.append("  attempt ").append(r.attempts());
    }
    if (r.state() == StepRecord.State.running) {
      line.append("  since ").append(r.startedAt());
    }
    if (r.lastError() != null) {
      line.append("  last error: ").append(r.lastError());
    }
    return line.toString();
  }

  private static Optional<String> duration(StepRecord r) {
    if (r.startedAt() == null || r.finishedAt() == null) {
      return Optional.empty();
    }
    try {
      Duration d = Duration.between(Instant.parse(r.startedAt()), Instant.parse(r.finishedAt()));
      return Optional.of(String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static String pad(String text, int width) {
    return text.length() >= width ? text : text + " ".repeat(width - text.length());
  }
}
