package io.rancherd.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rancherd.error.RancherdException;
import io.rancherd.fs.Root;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The direct service manager against real processes in a temp root. */
class DirectServiceManagerIT {

  @TempDir Path tmp;

  private long started = -1;

  @AfterEach
  void stop() {
    if (started > 0) {
      ProcessHandle.of(started).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  private DirectServiceManager manager() {
    return new DirectServiceManager(new Root(tmp.resolve("root")), tmp.resolve("state/services"));
  }

  private void unit(String dir, String name, String body) throws Exception {
    Path file = tmp.resolve("root" + dir + "/" + name + ".service");
    Files.createDirectories(file.getParent());
    Files.writeString(file, body);
  }

  @Test
  void startsTheUnitsExecStartWithItsEnvironmentOnceAndLogsItsOutput() throws Exception {
    Path envFile = tmp.resolve("root/etc/systemd/system/demo.service.env");
    unit(
        "/usr/local/lib/systemd/system",
        "demo",
        """
        [Service]
        EnvironmentFile=-/nonexistent/%%N
        EnvironmentFile=-%s
        Environment=GREETING=hello
        ExecStart=/bin/sh -c 'echo "$GREETING $TARGET"; exec sleep 60'
        """
            .formatted(envFile));
    Files.createDirectories(envFile.getParent());
    Files.writeString(envFile, "TARGET=\"from env file\"\n");
    DirectServiceManager manager = manager();

    assertFalse(manager.isActive("demo"));
    manager.enableAndStart("demo");
    started = Long.parseLong(Files.readString(tmp.resolve("state/services/demo.pid")).trim());

    assertTrue(manager.isActive("demo"));
    assertEquals(
        new ServiceStatus(
            ServiceStatus.State.ACTIVE,
            "pid " + started,
            List.of(),
            "see " + tmp.resolve("state/services/demo.log")),
        manager.status("demo"));
    Path log = tmp.resolve("state/services/demo.log");
    awaitContains(log, "hello from env file");
    manager.enableAndStart("demo");
    assertEquals(
        started,
        Long.parseLong(Files.readString(tmp.resolve("state/services/demo.pid")).trim()),
        "a running service is not started twice");
  }

  @Test
  void aMissingUnitNamesWhereItWasLookedFor() {
    RancherdException e =
        assertThrows(RancherdException.class, () -> manager().enableAndStart("k3s"));
    assertTrue(
        e.getMessage().startsWith("starting k3s: no unit file k3s.service (looked in "),
        e.getMessage());
    assertTrue(e.getMessage().contains("/etc/systemd/system/k3s.service"), e.getMessage());
    assertTrue(e.getMessage().endsWith("did the install step run?"), e.getMessage());
  }

  @Test
  void aServiceThatExitsAtOncePointsAtItsLog() throws Exception {
    unit(
        "/etc/systemd/system",
        "broken",
        "[Service]\nExecStart=/bin/sh -c 'echo cannot bind; exit 3'\n");

    RancherdException e =
        assertThrows(RancherdException.class, () -> manager().enableAndStart("broken"));

    assertTrue(e.getMessage().contains("exited at once with status 3; see "), e.getMessage());
    awaitContains(tmp.resolve("state/services/broken.log"), "cannot bind");
  }

  private static void awaitContains(Path file, String text) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    while (Instant.now().isBefore(deadline)) {
      if (Files.isRegularFile(file)
          && Files.readString(file, StandardCharsets.UTF_8).contains(text)) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError(file + " does not contain '" + text + "'");
  }
}
