package io.rancherd.exec;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rancherd.testing.RecordingRunner;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An in-process step's own processes, for real. */
class SelfRunnerIT {

  @TempDir Path dir;

  @Test
  void aStepThatTimesOutTakesTheProcessesItStartedWithIt() throws Exception {
    AtomicReference<ProcessHandle> child = new AtomicReference<>();
    SelfRunner runner =
        new SelfRunner(
            new RecordingRunner(),
            "/usr/bin/rancherd",
            (args, env, out, err) -> {
              try {
                // an install script that hangs, run as the install step runs its script
                new SystemProcessRunner()
                    .run(
                        new ProcessSpec(
                            List.of("/bin/sh", "-c", "echo started; exec sleep 60"),
                            Map.of(),
                            dir,
                            Duration.ofMinutes(30),
                            "install.sh",
                            Optional.empty()));
                return 0;
              } catch (IOException e) {
                return 1;
              } catch (InterruptedException e) {
                return 130;
              }
            });
    Thread watcher =
        new Thread(
            () -> {
              while (child.get() == null) {
                ProcessHandle.current()
                    .descendants()
                    .filter(p -> p.info().command().orElse("").endsWith("sleep"))
                    .findFirst()
                    .ifPresent(child::set);
                Thread.onSpinWait();
              }
            });
    watcher.setDaemon(true);
    watcher.start();

    ProcessResult result =
        runner.run(
            new ProcessSpec(
                List.of("/usr/bin/rancherd", "install-runtime"),
                Map.of(),
                dir,
                Duration.ofSeconds(2),
                "install-k3s",
                Optional.empty()));

    assertTrue(result.timedOut());
    assertTrue(
        result.tail().stream().anyMatch(line -> line.endsWith("[install.sh] started")),
        () -> "tail: " + result.tail());
    ProcessHandle sleeper = child.get();
    assertTrue(sleeper != null, "the step's process was seen");
    sleeper.onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
    assertFalse(sleeper.isAlive(), "the step's process outlived the step");
  }
}
