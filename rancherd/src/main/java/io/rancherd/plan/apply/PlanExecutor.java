package io.rancherd.plan.apply;

import io.rancherd.exec.ProcessResult;
import io.rancherd.exec.ProcessRunner;
import io.rancherd.exec.ProcessSpec;
import io.rancherd.fs.AtomicFiles;
import io.rancherd.fs.PrivateTree;
import io.rancherd.fs.Root;
import io.rancherd.plan.model.Plan;
import io.rancherd.plan.model.PlanFile;
import io.rancherd.plan.model.PlanInstruction;
import io.rancherd.plan.model.PlanJson;
import io.rancherd.plan.model.PlanSteps;
import io.rancherd.secret.Secret;
import io.rancherd.state.NodeState;
import io.rancherd.state.StepJournal;
import io.rancherd.state.StepRecord;
import io.rancherd.wait.Backoff;
import io.rancherd.wait.Sleeper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a plan step by step: first the files (written atomically with the plan's permissions),
 * then each instruction in order. A journal records each step with the digest of its inputs; a run
 * after a crash skips the leading steps that are done with unchanged inputs and goes on from the
 * first one that is not, re-running everything after it. A done step whose effect a reboot undoes
 * (a service the direct service manager started) counts as not done when its {@link EffectCheck}
 * finds the effect gone. A failing step is retried with exponential backoff and jitter, then the
 * run fails naming the step, its exit status and its last output. The plan's files in the data dir
 * get directories 0700 and are never written through a link (a {@link PrivateTree}).
 */
public final class PlanExecutor {

  private static final Logger LOG = LoggerFactory.getLogger(PlanExecutor.class);

  /**
   * How steps are run and retried.
   *
   * @param environment variables every instruction gets (under the instruction's own)
   * @param jitter draws the pauses between attempts (see {@link Backoff})
   * @param effects which done steps must run again because their effect is gone
   */
  public record Options(
      int attemptsPerStep,
      Backoff backoff,
      Duration instructionTimeout,
      Map<String, String> environment,
      RandomGenerator jitter,
      EffectCheck effects) {

    public Options {
      environment = Map.copyOf(environment);
    }

    public Options(
        int attemptsPerStep, Backoff backoff, Duration instructionTimeout, RandomGenerator jitter) {
      this(attemptsPerStep, backoff, instructionTimeout, Map.of(), jitter, EffectCheck.LASTING);
    }
  }

  private final Root root;
  private final PrivateTree dataDir;
  private final Path stateDir;
  private final StepJournal journal;
  private final ProcessRunner runner;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Options options;
  private final List<Secret> secrets;

  /**
   * @param state the node whose plan state dir holds the journal, the instruction work dirs and
   *     saved outputs
   * @param secrets values redacted from errors and the journal
   */
  public PlanExecutor(
      NodeState state,
      ProcessRunner runner,
      Clock clock,
      Sleeper sleeper,
      Options options,
      Collection<Secret> secrets) {
    this.root = state.root();
    this.dataDir = state.tree();
    this.stateDir = state.planDir();
    this.journal = state.journal();
    this.runner = runner;
    this.clock = clock;
    this.sleeper = sleeper;
    this.options = options;
    this.secrets = List.copyOf(secrets);
  }

  public StepJournal journal() {
    return journal;
  }

  /**
   * Applies {@code plan}; returns the names of the steps that ran (the others were done already).
   */
  public List<String> apply(Plan plan)
      throws StepFailedException, IOException, InterruptedException {
    Map<String, Step> steps = steps(plan);
    journal.retain(List.copyOf(steps.keySet()));
    List<String> ran = new ArrayList<>();
    boolean resumed = false;
    for (Map.Entry<String, Step> entry : steps.entrySet()) {
      String name = entry.getKey();
      Step step = entry.getValue();
      if (!resumed && journal.isDone(name, step.digest())) {
        Optional<String> gone =
            step.instruction().isPresent()
                ? options.effects().gone(step.instruction().get())
                : Optional.empty();
        if (gone.isEmpty()) {
          LOG.info("Step {} is done already", name);
          continue;
        }
        LOG.info("Step {} was done, but {}: running it again", name, gone.get());
      }
      resumed = true;
      runWithRetries(name, step);
      ran.add(name);
    }
    return ran;
  }

  private Map<String, Step> steps(Plan plan) {
    List<String> names = PlanSteps.names(plan);
    Map<String, Step> steps = new LinkedHashMap<>();
    steps.put(
        PlanSteps.FILES,
        new Step(
            digest(PlanJson.canonical(new Plan(plan.files(), List.of(), Map.of()))),
            Optional.empty(),
            () -> writeFiles(plan.files())));
    for (int i = 0; i < plan.instructions().size(); i++) {
      PlanInstruction instruction = plan.instructions().get(i);
      String stepName = names.get(i + 1);
      steps.put(
          stepName,
          new Step(
              digest(PlanJson.canonical(new Plan(List.of(), List.of(instruction), Map.of()))),
              Optional.of(instruction),
              () -> runInstruction(stepName, instruction)));
    }
    return steps;
  }

  private void runWithRetries(String name, Step step)
      throws StepFailedException, IOException, InterruptedException {
    String startedAt = clock.instant().toString();
    String lastError = null;
    for (int attempt = 1; attempt <= options.attemptsPerStep(); attempt++) {
      journal.put(
          new StepRecord(
              name, step.digest(), StepRecord.State.running, startedAt, null, attempt, lastError));
      LOG.info("Step {}: running (attempt {} of {})", name, attempt, options.attemptsPerStep());
      Optional<String> failure = step.action().run();
      if (failure.isEmpty()) {
        journal.put(
            new StepRecord(
                name,
                step.digest(),
                StepRecord.State.done,
                startedAt,
                clock.instant().toString(),
                attempt,
                null));
        LOG.info("Step {}: done", name);
        return;
      }
      lastError = Secret.redactIn(failure.get(), secrets);
      journal.put(
          new StepRecord(
              name,
              step.digest(),
              StepRecord.State.failed,
              startedAt,
              clock.instant().toString(),
              attempt,
              lastError));
      if (attempt < options.attemptsPerStep()) {
        Duration pause = options.backoff().after(attempt, options.jitter());
        LOG.warn(
            "Step {} failed: {}; retrying in {}",
            name,
            ProcessResult.forLog(lastError),
            human(pause));
        sleeper.sleep(pause);
      } else {
        throw new StepFailedException(name, lastError);
      }
    }
  }

  /**
   * Writes the plan's files; in the data dir, directories are 0700 and real (no link followed),
   * elsewhere missing parents are 0755.
   */
  private Optional<String> writeFiles(List<PlanFile> files) throws IOException {
    for (PlanFile file : files) {
      Path target = root.path(file.path());
      boolean inDataDir = dataDir.contains(target);
      if (file.directory()) {
        if (inDataDir) {
          dataDir.directory(target);
        } else {
          AtomicFiles.createDirectories(target, rwx(file.permissions(), "0755"));
        }
        continue;
      }
      if (inDataDir) {
        dataDir.directory(target.getParent());
      }
      AtomicFiles.write(
          target,
          file.bytes(),
          rwx(file.permissions(), "0600"),
          inDataDir ? AtomicFiles.PRIVATE_DIR : AtomicFiles.PUBLIC_DIR);
    }
    return Optional.empty();
  }

  private Optional<String> runInstruction(String name, PlanInstruction instruction)
      throws IOException, InterruptedException {
    Path dir = dataDir.directory(NodeState.stepWorkDir(stateDir, name));
    List<String> argv = new ArrayList<>();
    argv.add(
        instruction.command().isEmpty() ? dir.resolve("run.sh").toString() : instruction.command());
    argv.addAll(instruction.args());
    Map<String, String> env = new LinkedHashMap<>(options.environment());
    for (String pair : instruction.env()) {
      int eq = pair.indexOf('=');
      env.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    env.put("CATTLE_AGENT_EXECUTION_PWD", dir.toString());
    Optional<Path> output =
        instruction.saveOutput()
            ? Optional.of(NodeState.stepOutputFile(stateDir, name))
            : Optional.empty();
    if (output.isPresent()) {
      dataDir.directory(output.get().getParent());
    }
    ProcessResult result;
    try {
      result =
          runner.run(new ProcessSpec(argv, env, dir, options.instructionTimeout(), name, output));
    } catch (IOException e) {
      return Optional.of("cannot start " + argv.get(0) + ": " + e.getMessage());
    }
    if (result.succeeded()) {
      return Optional.empty();
    }
    String cause =
        result.timedOut()
            ? "timed out after " + human(options.instructionTimeout())
            : "exit status " + result.exitCode();
    return Optional.of(cause + result.lastOutput());
  }

  private static String rwx(String octal, String fallback) {
    String mode = octal == null || octal.isEmpty() ? fallback : octal;
    int bits = Integer.parseInt(mode, 8);
    StringBuilder sb = new StringBuilder();
    for (int shift = 6; shift >= 0; shift -= 3) {
      int b = (bits >> shift) & 7;
      sb.append((b & 4) != 0 ? 'r' : '-')
          .append((b & 2) != 0 ? 'w' : '-')
          .append((b & 1) != 0 ? 'x' : '-');
    }
    return sb.toString();
  }

  private static String human(Duration d) {
    return d.toMillis() < 1000 ? d.toMillis() + " ms" : d.toSeconds() + " s";
  }

  private static String digest(byte[] bytes) {
    return PlanJson.sha256(bytes);
  }

  /** A step: its inputs' digest, its instruction (none for files), what it does (a failure). */
  private record Step(String digest, Optional<PlanInstruction> instruction, StepAction action) {}

  @FunctionalInterface
  private interface StepAction {
    Optional<String> run() throws IOException, InterruptedException;
  }
}
