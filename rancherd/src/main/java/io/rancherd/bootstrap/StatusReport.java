package io.rancherd.bootstrap;

import io.rancherd.discovery.DiscoveryRecord;
import io.rancherd.discovery.PeerAddress;
import io.rancherd.plan.apply.PlanExecutor;
import io.rancherd.plan.apply.StepRecord;
import io.rancherd.plan.model.Plan;
import io.rancherd.plan.model.PlanJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the bootstrap of this node stands, as lines for people: the stamps, the recorded plan and
 * each step with its state, attempts, duration and last error.
 */
public final class StatusReport {

  private StatusReport() {}

  public static List<String> lines(Settings settings) {
    List<String> lines = new ArrayList<>();
    Stamps stamps = new Stamps(settings.dataPath());
    lines.add("data dir:     " + settings.dataDir());
    lines.add("bootstrapped: " + stampLine(stamps, Stamps.BOOTSTRAPPED));
    lines.add("working:      " + stampLine(stamps, Stamps.WORKING));
    lines.add("running now:  " + BootstrapLock.holder(settings.dataPath())
        .map(holder -> "yes, " + holder + " (it holds " + settings.dataDir() + "/" + BootstrapLock.FILE + ")")
        .orElse("no"));
    stamps.read(Stamps.WORKING).map(f -> f.get("lastError")).ifPresent(error -> lines.add("last error:   " + error));
    DiscoveryRecord.read(settings.dataPath()).ifPresent(record -> lines.addAll(discoveryLines(record)));
    Path planFile = settings.root().path(settings.planSettings().planFile());
    Optional<Plan> plan = readPlan(planFile);
    lines.add("plan:         " + planLine(planFile, plan, settings.planSettings().planFile()));
    lines.addAll(stepLines(plan, PlanExecutor.journalOf(settings.root().path(settings.dataDir() + "/plan")).steps()));
    return lines;
  }

  /** What discovery decided, or what it saw last and why it has not decided yet. */
  static List<String> discoveryLines(DiscoveryRecord record) {
    List<String> lines = new ArrayList<>();
    if (record.decision().isPresent()) {
      lines.add("discovery:    decided: " + record.decision().get().describe());
      return lines;
    }
    record.view().ifPresent(view -> {
      lines.add("discovery:    " + view.reason() + " (" + view.time() + ")");
      lines.add("  seen:       " + PeerAddress.join(view.seen()));
      lines.add("  agreeing:   " + PeerAddress.join(view.agreeing()));
      lines.add("  awaited:    " + PeerAddress.join(view.awaited()));
    });
    return lines;
  }

  private static String stampLine(Stamps stamps, String stamp) {
    Optional<Map<String, Object>> fields = stamps.read(stamp);
    if (fields.isEmpty()) {
      return "no";
    }
    Map<String, Object> f = fields.get();
    List<String> known = new ArrayList<>();
    addKnown(known, "role", f.get("role"));
    addKnown(known, "runtime", f.get("runtime"));
    addKnown(known, "plan", f.get("planChecksum"));
    addKnown(known, "attempt", f.get("attempt"));
    return "yes, " + f.getOrDefault("time", "?") + (known.isEmpty() ? "" : " (" + String.join(", ", known) + ")");
  }

  private static void addKnown(List<String> known, String label, Object value) {
    if (value != null) {
      known.add(label + " " + value);
    }
  }

  private static Optional<Plan> readPlan(Path file) {
    try {
      return Files.isRegularFile(file) ? Optional.of(PlanJson.read(Files.readAllBytes(file))) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static String planLine(Path file, Optional<Plan> plan, String shown) {
    if (!Files.isRegularFile(file)) {
      return "none written yet";
    }
    return plan.map(p -> shown + " (" + p.files().size() + " files, " + p.instructions().size() + " instructions, "
        + p.probes().size() + " probes)").orElse(shown + " (unreadable)");
  }

  /** One line per step of the plan, in order; steps the journal does not know yet are pending. */
  static List<String> stepLines(Optional<Plan> plan, List<StepRecord> journal) {
    List<String> names = new ArrayList<>(plan.map(PlanExecutor::stepNames).orElse(List.of()));
    journal.stream().map(StepRecord::name).filter(n -> !names.contains(n)).forEach(names::add);
    if (names.isEmpty()) {
      return List.of();
    }
    int width = names.stream().mapToInt(String::length).max().orElse(0);
    List<String> lines = new ArrayList<>();
    lines.add("steps:");
    for (String name : names) {
      Optional<StepRecord> record = journal.stream().filter(r -> r.name().equals(name)).findFirst();
      lines.add("  " + pad(name, width) + "  " + record.map(StatusReport::describe).orElse("pending"));
    }
    return lines;
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
