package io.rancherd.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rancherd.service.ServiceStatus;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceCheckTest {

  @TempDir Path dir;

  @Test
  void aUnitThatIsNotRunning_failsWithItsLastLogLines() throws Exception {
    DoctorFixture node = new DoctorFixture(dir);
    node.config(
        "role: agent\nserver: https://10.0.0.5\ntoken: secret-token\nkubernetesVersion: v1.30.4+rke2r1\n");
    node.services.status =
        new ServiceStatus(
            ServiceStatus.State.INACTIVE,
            "failed",
            List.of(
                "level=info msg=\"Starting rke2\"",
                "level=fatal msg=\"failed to get CA certs: connection refused\""),
            "journalctl -u rke2-agent");

    assertEquals(
        "FAIL service: rke2-agent is not running (failed); last log lines: level=info msg=\"Starting rke2\" | "
            + "level=fatal msg=\"failed to get CA certs: connection refused\"; fix: journalctl -u rke2-agent",
        node.run(new ServiceCheck()).line());
    assertEquals("rke2-agent", node.services.asked);
  }

  @Test
  void aRunningUnit_passes() throws Exception {
    DoctorFixture node = new DoctorFixture(dir);
    node.config("role: cluster-init\n");
    node.services.status =
        new ServiceStatus(ServiceStatus.State.ACTIVE, "running", List.of(), "journalctl -u k3s");

    assertEquals("PASS service: k3s is running (running)", node.run(new ServiceCheck()).line());
  }

  @Test
  void aUnitThatIsNotInstalled_skips() throws Exception {
    DoctorFixture node = new DoctorFixture(dir);
    node.config("role: cluster-init\n");

    assertEquals(
        "SKIP service: k3s is not installed (no unit file)", node.run(new ServiceCheck()).line());
  }
}
