package io.rancherd.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rancherd.bootstrap.Stamps;
import io.rancherd.plan.apply.PlanExecutor;
import io.rancherd.plan.apply.StepJournal;
import io.rancherd.plan.apply.StepRecord;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StampsCheckTest {

  static final Instant T = Instant.parse("2026-11-21T10:02:11Z");

  @TempDir Path dir;

  private DoctorFixture node() {
    DoctorFixture node = new DoctorFixture(dir);
    node.config("role: cluster-init\n");
    return node;
  }

  private Stamps stamps(DoctorFixture node) {
    return new Stamps(node.path(DoctorFixture.DATA_DIR));
  }

  private StepJournal journal(DoctorFixture node) {
    return PlanExecutor.journalOf(node.path(DoctorFixture.DATA_DIR + "/plan"));
  }

  @Test
  void aFailedStep_failsNamingTheStepItsAttemptsAndItsError() throws Exception {
    DoctorFixture node = node();
    stamps(node).write(Stamps.WORKING, Map.of("role", "cluster-init", "attempt", 3), T);
    StepJournal journal = journal(node);
    journal.put(new StepRecord("files", "d1", StepRecord.State.done, T.toString(), T.toString(), 1, null));
    journal.put(new StepRecord("install-k3s", "d2", StepRecord.State.failed, T.toString(), T.toString(), 3,
        "exit status 1; last output: curl: (6) Could not resolve host: get.k3s.io"));

    assertEquals("FAIL stamps: step install-k3s failed after 3 attempts: exit status 1; last output: curl: (6) "
        + "Could not resolve host: get.k3s.io; fix: see /var/lib/rancher/rancherd/plan/output/install-k3s.log; fix the cause, "
        + "then rancherd bootstrap", node.run(new StampsCheck()).line());
  }

  @Test
  void aFailedAttemptBeforeAnyStep_failsWithItsError() throws Exception {
    DoctorFixture node = node();
    stamps(node).write(Stamps.WORKING, Map.of("attempt", 4, "lastError",
        "reaching the k3s supervisor https://server1:6443: Connection refused (waited 300 s)"), T);

    assertEquals("FAIL stamps: attempt 4 failed before any step failed: reaching the k3s supervisor "
        + "https://server1:6443: Connection refused (waited 300 s); fix: fix the cause named there (the checks above "
        + "may show it); a running bootstrap retries by itself, else run rancherd bootstrap",
        node.run(new StampsCheck()).line());
  }

  @Test
  void aWorkingStampWithoutFailure_warnsThatBootstrapIsUnderwayOrInterrupted() throws Exception {
    DoctorFixture node = node();
    stamps(node).write(Stamps.WORKING, Map.of("role", "cluster-init", "attempt", 2), T);

    assertEquals("WARN stamps: bootstrap in progress or interrupted (attempt 2 since 2026-11-21T10:02:11Z); fix: if no "
        + "bootstrap runs now, run rancherd bootstrap: it goes on from the first step not done",
        node.run(new StampsCheck()).line());
  }

  @Test
  void nothingRecorded_warnsThatRancherdHasNotRun() throws Exception {
    assertEquals("WARN stamps: rancherd has not run on this node; fix: rancherd bootstrap",
        node().run(new StampsCheck()).line());
  }

  @Test
  void bootstrapped_passesWithTimeAndRole() throws Exception {
    DoctorFixture node = node();
    stamps(node).write(Stamps.BOOTSTRAPPED, Map.of("role", "cluster-init", "runtime", "k3s"), T);

    assertEquals("PASS stamps: bootstrapped at 2026-11-21T10:02:11Z as cluster-init (k3s)",
        node.run(new StampsCheck()).line());
  }
}
