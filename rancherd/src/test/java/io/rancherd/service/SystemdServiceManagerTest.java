package io.rancherd.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rancherd.exec.ProcessResult;
import io.rancherd.fs.Root;
import io.rancherd.testing.ScriptedRunner;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The systemd manager's status, with systemctl and journalctl replaced by scripted answers. */
class SystemdServiceManagerTest {

  final ScriptedRunner runner = new ScriptedRunner();
  final SystemdServiceManager systemd = new SystemdServiceManager(Root.SYSTEM, runner);

  @Test
  void aFailedUnit_isInactiveWithTheLastFiveJournalLines() throws Exception {
    runner.answers.put(
        "systemctl",
        new ProcessResult(
            0, false, List.of("LoadState=loaded", "ActiveState=failed", "SubState=failed")));
    runner.answers.put(
        "journalctl", new ProcessResult(0, false, List.of("l1", "l2", "l3", "l4", "l5", "l6")));

    ServiceStatus status = systemd.status("k3s");

    assertEquals(
        new ServiceStatus(
            ServiceStatus.State.INACTIVE,
            "failed",
            List.of("l2", "l3", "l4", "l5", "l6"),
            "journalctl -u k3s"),
        status);
    assertEquals(
        List.of(
            List.of(
                "systemctl", "show", "--property=LoadState,ActiveState,SubState", "k3s.service"),
            List.of("journalctl", "-u", "k3s.service", "-n", "5", "--no-pager", "--output=cat")),
        runner.calls);
  }

  @Test
  void anActiveUnit_isActive_withoutReadingTheJournal() throws Exception {
    runner.answers.put(
        "systemctl",
        new ProcessResult(
            0, false, List.of("LoadState=loaded", "ActiveState=active", "SubState=running")));

    assertEquals(
        new ServiceStatus(
            ServiceStatus.State.ACTIVE, "active/running", List.of(), "journalctl -u k3s"),
        systemd.status("k3s"));
    assertEquals(1, runner.calls.size());
  }

  @Test
  void anUnknownUnit_isNotInstalled() throws Exception {
    runner.answers.put(
        "systemctl",
        new ProcessResult(
            0, false, List.of("LoadState=not-found", "ActiveState=inactive", "SubState=dead")));

    assertEquals(ServiceStatus.State.NOT_INSTALLED, systemd.status("rke2-server").state());
  }

  @Test
  void withoutSystemctl_theStateIsUnknown() throws Exception {
    assertEquals(
        ServiceStatus.unknown(
            "cannot run systemctl: Cannot run program \"systemctl\": error=2, No such file "
                + "or directory"),
        systemd.status("k3s"));
  }

  @Test
  void underARoot_theStateIsUnknown_andNothingRuns(@TempDir Path dir) throws Exception {
    ServiceStatus status = new SystemdServiceManager(new Root(dir), runner).status("k3s");

    assertEquals(ServiceStatus.State.UNKNOWN, status.state());
    assertEquals("systemd cannot report on services under --root " + dir, status.detail());
    assertEquals(List.of(), runner.calls);
  }
}
