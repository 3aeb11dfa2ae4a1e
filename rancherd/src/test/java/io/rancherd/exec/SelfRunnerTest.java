package io.rancherd.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rancherd.testing.RecordingRunner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class SelfRunnerTest {

  @TempDir Path dir;

  private static final String SELF = "/usr/bin/rancherd";

  private ProcessSpec spec(String program, Duration timeout, Optional<Path> output) {
    return new ProcessSpec(
        List.of(program, "wait", "node"),
        Map.of("STEP_VAR", "x"),
        dir,
        timeout,
        "wait-node",
        output);
  }

  @Test
  void rancherdsOwnStepRunsInThisJvmWithItsArgumentsEnvironmentOutputAndExitStatus()
      throws Exception {
    List<String> seen = new ArrayList<>();
    SelfRunner runner =
        new SelfRunner(
            new RecordingRunner(),
            SELF,
            (args, env, out, err) -> {
              seen.addAll(args);
              seen.add(env.get("STEP_VAR"));
              out.println("printed line");
              LoggerFactory.getLogger("step").warn("a logged warning");
              err.println("rancherd: the step's error");
              return 3;
            });
    Path saved = dir.resolve("out/output");
    Files.createDirectories(saved.getParent());

    ProcessResult result = runner.run(spec(SELF, Duration.ofSeconds(10), Optional.of(saved)));

    assertEquals(List.of("wait", "node", "x"), seen);
    assertEquals(3, result.exitCode());
    assertFalse(result.timedOut());
    assertEquals(
        List.of("printed line", "WARN a logged warning", "rancherd: the step's error"),
        result.tail());
    assertEquals(
        "printed line\nWARN a logged warning\nrancherd: the step's error\n",
        Files.readString(saved, StandardCharsets.UTF_8));
  }

  @Test
  void anyOtherProgramIsAProcess() throws Exception {
    RecordingRunner others = new RecordingRunner();
    SelfRunner runner =
        new SelfRunner(
            others,
            SELF,
            (args, env, out, err) -> {
              throw new AssertionError("not rancherd");
            });

    runner.run(spec("/usr/local/bin/k3s", Duration.ofSeconds(10), Optional.empty()));

    assertEquals(
        List.of("/usr/local/bin/k3s"), others.ran.stream().map(s -> s.argv().get(0)).toList());
  }

  @Test
  void aStepThatOutlivesItsTimeoutIsInterruptedAndCountsAsTimedOut() throws Exception {
    SelfRunner runner =
        new SelfRunner(
            new RecordingRunner(),
            SELF,
            (args, env, out, err) -> {
              try {
                Thread.sleep(60_000);
                return 0;
              } catch (InterruptedException e) {
                return 130;
              }
            });

    ProcessResult result = runner.run(spec(SELF, Duration.ofMillis(200), Optional.empty()));

    assertTrue(result.timedOut());
    assertFalse(result.succeeded());
  }

  @Test
  void theSameLauncherThroughALinkIsRancherdToo() throws Exception {
    Path launcher = Files.writeString(dir.resolve("rancherd"), "#!/bin/sh\n");
    Path link = Files.createSymbolicLink(dir.resolve("link"), launcher);
    SelfRunner runner =
        new SelfRunner(new RecordingRunner(), launcher.toString(), (a, e, o, r) -> 0);

    assertTrue(runner.isSelf(link.toString()));
    assertFalse(runner.isSelf("/bin/sh"));
  }
}
