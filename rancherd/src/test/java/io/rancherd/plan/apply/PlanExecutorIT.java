package io.rancherd.plan.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rancherd.exec.SystemProcessRunner;
import io.rancherd.fs.Root;
import io.rancherd.plan.model.Plan;
import io.rancherd.plan.model.PlanInstruction;
import io.rancherd.state.NodeState;
import io.rancherd.wait.Backoff;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The executor with real processes: output capture, saved output, exit status, timeouts. */
class PlanExecutorIT {

  @TempDir Path tmp;

  PlanExecutor executor(Duration timeout) {
    return new PlanExecutor(
        new NodeState(new Root(tmp.resolve("root")), NodeState.DEFAULT_DATA_DIR),
        new SystemProcessRunner(),
        Clock.systemUTC(),
        d -> {},
        new PlanExecutor.Options(
            2, new Backoff(Duration.ofMillis(1), Duration.ofMillis(1)), timeout, new Random(1)),
        List.of());
  }

  /** Where the executor keeps the journal, the work dirs and the saved outputs. */
  Path planDir() {
    return new NodeState(new Root(tmp.resolve("root")), NodeState.DEFAULT_DATA_DIR).planDir();
  }

  static Plan shell(String name, String script) {
    return new Plan(
        List.of(),
        List.of(
            PlanInstruction.command(
                name, List.of("GREETING=hello"), "/bin/sh", List.of("-c", script))),
        Map.of());
  }

  @Test
  void instruction_outputIsSavedPrivatelyAndEnvAndWorkDirAreSet() throws Exception {
    executor(Duration.ofSeconds(30))
        .apply(shell("greet", "echo \"$GREETING from $(pwd)\"; echo to-stderr >&2"));

    Path output = planDir().resolve("output/greet.log");
    String text = Files.readString(output);
    assertTrue(text.contains("hello from " + planDir().resolve("work/greet")), text);
    assertTrue(text.contains("to-stderr"), text);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(output)));
  }

  @Test
  void failingInstruction_reportsExitStatusAndOutputTail() {
    StepFailedException e =
        assertThrows(
            StepFailedException.class,
            () ->
                executor(Duration.ofSeconds(30))
                    .apply(shell("fails", "echo first; echo second >&2; exit 3")));

    assertEquals("running step fails: exit status 3; last output: first | second", e.getMessage());
  }

  @Test
  void instructionOverItsTimeoutIsKilled() {
    long start = System.nanoTime();

    StepFailedException e =
        assertThrows(
            StepFailedException.class,
            () -> executor(Duration.ofMillis(500)).apply(shell("slow", "echo started; sleep 30")));

    assertTrue(
        e.getMessage()
            .startsWith("running step slow: timed out after 500 ms; last output: started"),
        e.getMessage());
    assertTrue(
        Duration.ofNanos(System.nanoTime() - start).toSeconds() < 20, "killed, not waited for");
  }

  @Test
  void missingCommand_isAClearFailure() {
    StepFailedException e =
        assertThrows(
            StepFailedException.class,
            () ->
                executor(Duration.ofSeconds(5))
                    .apply(
                        new Plan(
                            List.of(),
                            List.of(
                                PlanInstruction.command(
                                    "ghost", List.of(), "/nonexistent/tool", List.of())),
                            Map.of())));

    assertTrue(
        e.getMessage().startsWith("running step ghost: cannot start /nonexistent/tool"),
        e.getMessage());
  }
}
