package io.rancherd.plan.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rancherd.exec.ProcessResult;
import io.rancherd.exec.ProcessSpec;
import io.rancherd.fs.Root;
import io.rancherd.fs.UnsafePathException;
import io.rancherd.plan.model.Plan;
import io.rancherd.plan.model.PlanFile;
import io.rancherd.plan.model.PlanInstruction;
import io.rancherd.secret.Secret;
import io.rancherd.state.NodeState;
import io.rancherd.state.StepJournal;
import io.rancherd.state.StepRecord;
import io.rancherd.testing.RecordingRunner;
import io.rancherd.wait.Backoff;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanExecutorTest {

  @TempDir Path tmp;

  final RecordingRunner runner = new RecordingRunner();
  final List<Duration> sleeps = new ArrayList<>();
  final Clock clock = Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC);
  EffectCheck effects = EffectCheck.LASTING;

  NodeState state() {
    return new NodeState(new Root(tmp.resolve("root")), NodeState.DEFAULT_DATA_DIR);
  }

  /** Where the journal, work dirs and outputs are. */
  Path planDir() {
    return state().planDir();
  }

  PlanExecutor executor(Secret... secrets) {
    return new PlanExecutor(
        state(),
        runner,
        clock,
        sleeps::add,
        new PlanExecutor.Options(
            3,
            new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(5)),
            Duration.ofMinutes(1),
            Map.of(),
            new Random(17),
            effects),
        List.of(secrets));
  }

  static Plan plan(String... instructionNames) {
    List<PlanInstruction> instructions = new ArrayList<>();
    for (String name : instructionNames) {
      instructions.add(
          PlanInstruction.command(
              name, List.of("STEP=" + name), "/bin/" + name, List.of("--flag")));
    }
    return new Plan(
        List.of(
            PlanFile.text("/etc/rancher/k3s/config.yaml.d/40-rancherd.yaml", "token: t\n", "0600"),
            PlanFile.text("/etc/rancher/public.yaml", "x: 1\n", "0644")),
        instructions,
        Map.of());
  }

  @Test
  void apply_writesFilesWithPlanModesAndRunsInstructionsInOrder() throws Exception {
    List<String> ran = executor().apply(plan("one", "two"));

    assertEquals(List.of("files", "one", "two"), ran);
    assertEquals(List.of("one", "two"), runner.names());
    Path dropIn = tmp.resolve("root/etc/rancher/k3s/config.yaml.d/40-rancherd.yaml");
    assertEquals("token: t\n", Files.readString(dropIn));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dropIn)));
    assertEquals(
        "rw-r--r--",
        PosixFilePermissions.toString(
            Files.getPosixFilePermissions(tmp.resolve("root/etc/rancher/public.yaml"))));
    ProcessSpec first = runner.ran.get(0);
    assertEquals(List.of("/bin/one", "--flag"), first.argv());
    assertEquals("one", first.env().get("STEP"));
    assertEquals(planDir().resolve("work/one"), first.workDir());
    assertTrue(first.outputFile().isPresent(), "built-in instructions save their output");
  }

  @Test
  void apply_againDoesNotRedoDoneSteps() throws Exception {
    executor().apply(plan("one", "two"));
    runner.ran.clear();

    List<String> ran = executor().apply(plan("one", "two"));

    assertEquals(List.of(), ran);
    assertEquals(List.of(), runner.names());
  }

  @Test
  void apply_resumesAtTheFirstStepWhoseInputsChanged() throws Exception {
    executor().apply(plan("one", "two", "three"));
    runner.ran.clear();
    Plan changed = plan("one", "two", "three");
    List<PlanInstruction> instructions = new ArrayList<>(changed.instructions());
    instructions.set(
        1, PlanInstruction.command("two", List.of("STEP=changed"), "/bin/two", List.of()));

    List<String> ran = executor().apply(new Plan(changed.files(), instructions, Map.of()));

    assertEquals(List.of("two", "three"), ran, "steps after a re-run step run again");
  }

  @Test
  void apply_failingStepIsRetriedWithBackoffThenFailsNamingStepStatusAndOutput() throws Exception {
    for (int i = 0; i < 3; i++) {
      runner.answers.add(
          new ProcessResult(7, false, List.of("downloading", "curl: (6) could not resolve host")));
    }
    PlanExecutor executor = executor();

    StepFailedException e =
        assertThrows(StepFailedException.class, () -> executor.apply(plan("install", "probes")));

    assertEquals("install", e.step());
    assertEquals(
        "running step install: exit status 7; last output: downloading | curl: (6) could not resolve host",
        e.getMessage());
    assertEquals(List.of("install", "install", "install"), runner.names(), "no later step runs");
    assertEquals(2, sleeps.size(), "a pause between attempts: " + sleeps);
    assertTrue(
        sleeps.get(0).compareTo(Duration.ofSeconds(2)) <= 0
            && sleeps.get(1).compareTo(Duration.ofSeconds(4)) <= 0,
        "jittered under the doubling ceiling: " + sleeps);
    StepRecord record = executor.journal().get("install").orElseThrow();
    assertEquals(StepRecord.State.failed, record.state());
    assertEquals(3, record.attempts());
  }

  @Test
  void apply_afterFailureResumesAtTheFailedStep() throws Exception {
    for (int i = 0; i < 3; i++) {
      runner.answers.add(new ProcessResult(1, false, List.of()));
    }
    assertThrows(StepFailedException.class, () -> executor().apply(plan("one", "two")));
    runner.ran.clear();

    List<String> ran = executor().apply(plan("one", "two"));

    assertEquals(List.of("one", "two"), ran);
  }

  @Test
  void apply_stepLeftRunningByACrashRunsAgain() throws Exception {
    executor().apply(plan("one", "two"));
    StepJournal journal = StepJournal.open(state().dir(), planDir().resolve("journal.json"));
    StepRecord two = journal.get("two").orElseThrow();
    journal.put(
        new StepRecord(
            "two", two.digest(), StepRecord.State.running, two.startedAt(), null, 1, null));
    runner.ran.clear();

    List<String> ran = executor().apply(plan("one", "two"));

    assertEquals(List.of("two"), ran);
  }

  @Test
  void apply_redactsSecretsFromErrorsAndJournal() throws Exception {
    for (int i = 0; i < 3; i++) {
      runner.answers.add(new ProcessResult(1, false, List.of("bad token hunter2-secret")));
    }
    PlanExecutor executor = executor(new Secret("hunter2-secret"));

    StepFailedException e =
        assertThrows(StepFailedException.class, () -> executor.apply(plan("join")));

    assertFalse(e.getMessage().contains("hunter2-secret"));
    assertTrue(e.getMessage().contains("bad token --redacted--"));
    assertFalse(Files.readString(planDir().resolve("journal.json")).contains("hunter2-secret"));
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(
            Files.getPosixFilePermissions(planDir().resolve("journal.json"))));
  }

  @Test
  void apply_aDoneStepWhoseEffectIsGone_runsAgainWithTheStepsAfterIt() throws Exception {
    executor().apply(plan("install", "start", "probes"));
    runner.ran.clear();
    effects =
        instruction ->
            instruction.name().equals("start") ? Optional.of("k3s does not run") : Optional.empty();

    List<String> ran = executor().apply(plan("install", "start", "probes"));

    assertEquals(List.of("start", "probes"), ran, "install is done and lasts; start is redone");
  }

  @Test
  void apply_aDoneStepWhoseEffectHolds_isSkipped() throws Exception {
    executor().apply(plan("install", "start"));
    runner.ran.clear();
    List<String> asked = new ArrayList<>();
    effects =
        instruction -> {
          asked.add(instruction.name());
          return Optional.empty();
        };

    assertEquals(List.of(), executor().apply(plan("install", "start")));
    assertEquals(List.of("install", "start"), asked);
  }

  @Test
  void apply_planFilesInTheDataDir_getPrivateDirectories_andNoLinkIsFollowed() throws Exception {
    String values = NodeState.DEFAULT_DATA_DIR + "/rancher/values.yaml";
    Plan plan =
        new Plan(
            List.of(PlanFile.text(values, "bootstrapPassword: x\n", "0600")), List.of(), Map.of());

    executor().apply(plan);

    Path rancherDir = state().dir().resolve("rancher");
    assertEquals(
        "rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(rancherDir)));

    Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
    Files.delete(rancherDir.resolve("values.yaml"));
    Files.delete(rancherDir);
    Files.createSymbolicLink(rancherDir, elsewhere);
    PlanExecutor executor = executor();
    executor.journal().clear();

    UnsafePathException e = assertThrows(UnsafePathException.class, () -> executor.apply(plan));

    assertTrue(e.getMessage().contains(rancherDir + ": is a symbolic link"), e.getMessage());
    assertEquals(List.of(), Files.list(elsewhere).toList(), "nothing written through the link");
  }
}
