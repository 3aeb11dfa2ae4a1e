package io.rancherd.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClockCheckTest {

  static final String URL = "https://10.0.0.5:6443/ping";

  @TempDir Path dir;

  @Test
  void aSkewAboveFiveSeconds_warns() {
    assertEquals(
        "WARN clock: this node's clock is 12 s ahead of the server's (Date of "
            + URL
            + "); above 5 s; "
            + "fix: enable time synchronisation on every node: timedatectl set-ntp true, or chrony",
        ClockCheck.judge(Duration.ofSeconds(-12), URL).line());
  }

  @Test
  void aSkewAboveSixtySeconds_fails() {
    assertEquals(
        "FAIL clock: this node's clock is 61 s behind the server's (Date of "
            + URL
            + "); certificates the "
            + "server issues start at its own time, so above 60 s TLS and etcd break; fix: enable time synchronisation on "
            + "every node: timedatectl set-ntp true, or chrony",
        ClockCheck.judge(Duration.ofSeconds(61), URL).line());
  }

  @Test
  void fiveSecondsOrLess_passes() {
    assertEquals(
        "PASS clock: this node's clock is within 5 s of the server's",
        ClockCheck.judge(Duration.ofSeconds(5), URL).line());
  }

  @Test
  void aClusterInitNode_skips() throws Exception {
    DoctorFixture node = new DoctorFixture(dir);
    node.config("role: cluster-init\n");

    assertEquals(
        "SKIP clock: no server: this node initializes the cluster; its clock is the one the others must "
            + "follow",
        node.run(new ClockCheck()).line());
  }
}
