package io.rancherd.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rancherd.state.BootstrapLock;
import io.rancherd.state.NodeState;
import io.rancherd.state.Stamp;
import io.rancherd.state.Stamps;
import io.rancherd.state.StepJournal;
import io.rancherd.state.StepRecord;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@SuppressWarnings("try") // locks held for a block, not referenced in it
class StampsCheckTest {

  static final Instant T = Instant.parse("2026-11-21T10:02:11Z");

  @TempDir Path dir;

  private DoctorFixture node() {
    DoctorFixture node = new DoctorFixture(dir);
    node.config("role: cluster-init\n");
    return node;
  }

  private static NodeState state(DoctorFixture node) {
    return new NodeState(node.root(), DoctorFixture.DATA_DIR);
  }

  private Stamps stamps(DoctorFixture node) {
    return state(node).stamps();
  }

  private static Stamp role(String role) {
    return Stamp.decided(role, null, null, null);
  }

  private StepJournal journal(DoctorFixture node) {
    return state(node).journal();
  }

  @Test
  void aFailedStep_failsNamingTheStepItsAttemptsAndItsError() throws Exception {
    DoctorFixture node = node();
    stamps(node).writeWorking(role("cluster-init").withAttempt(3), T);
    StepJournal journal = journal(node);
    journal.put(
        new StepRecord("files", "d1", StepRecord.State.done, T.toString(), T.toString(), 1, null));
    journal.put(
        new StepRecord(
            "install-k3s",
            "d2",
            StepRecord.State.failed,
            T.toString(),
            T.toString(),
            3,
            "exit status 1; last output: curl: (6) Could not resolve host: get.k3s.io"));

    assertEquals(
        "FAIL stamps: step install-k3s failed after 3 attempts: exit status 1; last output: curl: (6) "
            + "Could not resolve host: get.k3s.io; fix: see /var/lib/rancher/rancherd/plan/output/install-k3s.log; fix the cause, "
            + "then rancherd bootstrap",
        node.run(new StampsCheck()).line());
  }

  @Test
  void aFailedAttemptBeforeAnyStep_failsWithItsError() throws Exception {
    DoctorFixture node = node();
    stamps(node)
        .writeWorking(
            role(null)
                .withAttempt(4)
                .withLastError(
                    "reaching the k3s supervisor https://server1:6443: Connection refused (waited 300 s)"),
            T);

    assertEquals(
        "FAIL stamps: attempt 4 failed before any step failed: reaching the k3s supervisor "
            + "https://server1:6443: Connection refused (waited 300 s); fix: fix the cause named there (the checks above "
            + "may show it); then run rancherd bootstrap",
        node.run(new StampsCheck()).line());
  }

  @Test
  void anErrorThatNamesItsFix_isSplitSoTheFixIsSaidOnce() throws Exception {
    DoctorFixture node = node();
    stamps(node)
        .writeWorking(
            role(null)
                .withAttempt(1)
                .withLastError(
                    "the k3s supervisor https://server1:6443 rejected the token (HTTP 401 for user node); fix: use the token "
                        + "rancherd get-token prints on a server of that cluster"),
            T);

    assertEquals(
        "FAIL stamps: attempt 1 failed before any step failed: the k3s supervisor https://server1:6443 "
            + "rejected the token (HTTP 401 for user node); fix: use the token rancherd get-token prints on a server of "
            + "that cluster; then run rancherd bootstrap",
        node.run(new StampsCheck()).line());
  }

  @Test
  void aFailedAttemptWhileABootstrapRuns_saysThatOneRetriesByItself() throws Exception {
    DoctorFixture node = node();
    stamps(node)
        .writeWorking(
            role(null).withAttempt(4).withLastError("reaching the k3s supervisor: refused"), T);

    try (BootstrapLock running = lock(node)) {
      assertEquals(
          "FAIL stamps: attempt 4 failed before any step failed: reaching the k3s supervisor: refused; fix: "
              + "fix the cause named there (the checks above may show it); the bootstrap running now (pid "
              + ProcessHandle.current().pid()
              + ") retries by itself",
          node.run(new StampsCheck()).line());
    }
  }

  @Test
  void aWorkingStampWithoutFailureAndNoBootstrapRunning_warnsThatItWasInterrupted()
      throws Exception {
    DoctorFixture node = node();
    stamps(node).writeWorking(role("cluster-init").withAttempt(2), T);

    assertEquals(
        "WARN stamps: bootstrap interrupted (attempt 2 since 2026-11-21T10:02:11Z): no bootstrap runs now; "
            + "fix: run rancherd bootstrap: it goes on from the first step not done",
        node.run(new StampsCheck()).line());
  }

  @Test
  void aWorkingStampWhileABootstrapRuns_saysItIsRunning() throws Exception {
    DoctorFixture node = node();
    stamps(node).writeWorking(role("cluster-init").withAttempt(2), T);

    try (BootstrapLock running = lock(node)) {
      assertEquals(
          "WARN stamps: bootstrap running now (pid "
              + ProcessHandle.current().pid()
              + ", attempt 2 since "
              + "2026-11-21T10:02:11Z); fix: wait for it: rancherd status shows each step; journalctl -u rancherd or the "
              + "runcmd output has its log",
          node.run(new StampsCheck()).line());
    }
  }

  private static BootstrapLock lock(DoctorFixture node) throws Exception {
    return BootstrapLock.acquire(
        node.path(DoctorFixture.DATA_DIR), Clock.systemUTC(), d -> {}, s -> {});
  }

  @Test
  void nothingRecorded_warnsThatRancherdHasNotRun() throws Exception {
    assertEquals(
        "WARN stamps: rancherd has not run on this node; fix: rancherd bootstrap",
        node().run(new StampsCheck()).line());
  }

  @Test
  void bootstrapped_passesWithTimeAndRole() throws Exception {
    DoctorFixture node = node();
    stamps(node).writeBootstrapped(Stamp.decided("cluster-init", null, "k3s", null), T);

    assertEquals(
        "PASS stamps: bootstrapped at 2026-11-21T10:02:11Z as cluster-init (k3s)",
        node.run(new StampsCheck()).line());
  }
}
