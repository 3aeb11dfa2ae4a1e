package io.rancherd.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rancherd.fs.Root;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The direct manager's status from its files alone (no process is started). */
class DirectServiceManagerTest {

  /** Above any Linux pid_max: no process has it. */
  static final long GONE_PID = 999_999_999L;

  @TempDir Path tmp;

  private DirectServiceManager manager() {
    return new DirectServiceManager(new Root(tmp.resolve("root")), tmp.resolve("state/services"));
  }

  private void unit(String name) throws Exception {
    Path file = tmp.resolve("root/etc/systemd/system/" + name + ".service");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "[Service]\nExecStart=/bin/true\n");
  }

  @Test
  void withoutUnitFile_notInstalled() {
    assertEquals(
        new ServiceStatus(
            ServiceStatus.State.NOT_INSTALLED,
            "no unit file k3s.service",
            List.of(),
            "see " + tmp.resolve("state/services/k3s.log")),
        manager().status("k3s"));
  }

  @Test
  void aUnitWhoseProcessExited_isInactiveWithTheLastFiveLinesOfItsLog() throws Exception {
    unit("k3s");
    Path services = Files.createDirectories(tmp.resolve("state/services"));
    Files.writeString(services.resolve("k3s.pid"), GONE_PID + "\n");
    Files.writeString(
        services.resolve("k3s.log"),
        IntStream.rangeClosed(1, 7)
            .mapToObj(i -> "line " + i)
            .collect(Collectors.joining("\n", "", "\n\n")));

    assertEquals(
        new ServiceStatus(
            ServiceStatus.State.INACTIVE,
            "pid " + GONE_PID + " exited",
            List.of("line 3", "line 4", "line 5", "line 6", "line 7"),
            "see " + services.resolve("k3s.log")),
        manager().status("k3s"));
  }

  @Test
  void aRecordedPidThatAnotherProcessGotAfterAReboot_doesNotCountAsRunning() throws Exception {
    unit("k3s");
    Path services = Files.createDirectories(tmp.resolve("state/services"));
    Path pidFile =
        Files.writeString(services.resolve("k3s.pid"), ProcessHandle.current().pid() + "\n");

    assertTrue(
        manager().isActive("k3s"), "the process with that pid ran when the file was written");

    Files.setLastModifiedTime(pidFile, FileTime.from(Instant.now().minus(Duration.ofDays(30))));

    assertFalse(
        manager().isActive("k3s"), "that pid's process started after the file: another one");
    assertEquals(ServiceStatus.State.INACTIVE, manager().status("k3s").state());
  }

  @Test
  void aUnitNeverStarted_isInactiveWithoutLogLines() throws Exception {
    unit("rke2-server");

    ServiceStatus status = manager().status("rke2-server");

    assertEquals(ServiceStatus.State.INACTIVE, status.state());
    assertEquals("never started", status.detail());
    assertEquals(List.of(), status.lastLogLines());
  }
}
