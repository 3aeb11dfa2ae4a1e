package io.rancherd.state;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The per-step state journal ({@code <data-dir>/plan/journal.json}, 0600). Every change is written
 * atomically before the step it describes goes on, so a crash, a kill or a reboot leaves a journal
 * that says exactly which steps are done.
 */
public final class StepJournal {

  /** The journal's file name in the plan's state dir. */
  public static final String FILE = "journal.json";

  private final Path dataDir;
  private final Path file;
  private final Map<String, StepRecord> records = new LinkedHashMap<>();

  private StepJournal(Path dataDir, Path file) {
    this.dataDir = dataDir;
    this.file = file;
  }

  /** The journal of the plan state dir {@code planDir}, a directory of the data dir. */
  static StepJournal in(Path planDir) {
    return open(planDir.getParent(), planDir.resolve(FILE));
  }

  /**
   * Opens the journal at {@code file}, in the data dir {@code dataDir}; a missing or unreadable
   * journal starts empty.
   */
  public static StepJournal open(Path dataDir, Path file) {
    StepJournal journal = new StepJournal(dataDir, file);
    // A torn or foreign file reads as empty: every step counts as not done; the steps are
    // idempotent.
    StateJson.<List<StepRecord>>read(file, StateJson.listOf(StepRecord.class))
        .ifPresent(steps -> steps.forEach(s -> journal.records.put(s.name(), s)));
    return journal;
  }

  public Optional<StepRecord> get(String name) {
    return Optional.ofNullable(records.get(name));
  }

  public List<StepRecord> steps() {
    return List.copyOf(records.values());
  }

  public boolean isDone(String name, String digest) {
    StepRecord r = records.get(name);
    return r != null && r.state() == StepRecord.State.done && r.digest().equals(digest);
  }

  /** Keeps only the named steps, in that order (steps of an older plan are dropped). */
  public void retain(List<String> names) throws IOException {
    Map<String, StepRecord> kept = new LinkedHashMap<>();
    names.forEach(
        n -> {
          if (records.containsKey(n)) {
            kept.put(n, records.get(n));
          }
        });
    records.clear();
    records.putAll(kept);
    save();
  }

  /** Forgets every step, so the next run does them all again. */
  public void clear() throws IOException {
    records.clear();
    save();
  }

  public void put(StepRecord record) throws IOException {
    records.put(record.name(), record);
    save();
  }

  private void save() throws IOException {
    StateJson.write(dataDir, file, new ArrayList<>(records.values()));
  }
}
