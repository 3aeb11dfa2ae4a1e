package io.rancherd.plan.apply;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.rancherd.fs.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
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

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path file;
  private final Map<String, StepRecord> records = new LinkedHashMap<>();

  private StepJournal(Path file) {
    this.file = file;
  }

  /** Opens the journal at {@code file}; a missing or unreadable journal starts empty. */
  public static StepJournal open(Path file) {
    StepJournal journal = new StepJournal(file);
    if (Files.isRegularFile(file)) {
      try {
        List<StepRecord> steps = JSON.readValue(file.toFile(), new TypeReference<List<StepRecord>>() {});
        steps.forEach(s -> journal.records.put(s.name(), s));
      } catch (IOException e) {
        // A torn or foreign file: treat every step as not done; the steps are idempotent.
        journal.records.clear();
      }
    }
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
    names.forEach(n -> {
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
    AtomicFiles.writePrivate(file, JSON.writeValueAsBytes(new ArrayList<>(records.values())));
  }
}
