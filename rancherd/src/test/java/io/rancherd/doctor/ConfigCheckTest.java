package io.rancherd.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCheckTest {

  @TempDir Path dir;

  @Test
  void aFileThatDoesNotValidate_failsNamingFileLineAndKey() throws Exception {
    DoctorFixture node = new DoctorFixture(dir);
    Path file = node.config("role: cluster-init\ntlsSans: rancher.example.com\n");

    assertEquals(
        "FAIL config: cannot load the config: "
            + file
            + ":2: tlsSans: expected a list, found the string "
            + "'rancher.example.com'; fix: correct that file, then run rancherd doctor again",
        node.run(new ConfigCheck()).line());
  }

  @Test
  void anUnknownKey_warnsAndListsTheFiles() throws Exception {
    DoctorFixture node = new DoctorFixture(dir);
    Path file = node.config("role: cluster-init\nrol: server\n");
    Path userData = node.files.write("/oem/userdata", "#cloud-config\nhostname: n1\n");

    assertEquals(
        "WARN config: 2 sources parsed: "
            + userData
            + " (no rancherd settings), "
            + file
            + "; 1 warning: "
            + file
            + ":2: unknown key 'rol' is ignored (did you mean 'role'?); fix: correct what each warning names, "
            + "then run rancherd doctor again",
        node.run(new ConfigCheck()).line());
  }

  @Test
  void noConfigFile_warns() throws Exception {
    assertEquals(
        "WARN config: no config source found: rancherd has nothing to do on this node; fix: write "
            + "rancherd's settings to /etc/rancher/rancherd/config.yaml, or to cloud-config user-data under rancherd:",
        new DoctorFixture(dir).run(new ConfigCheck()).line());
  }

  @Test
  void aValidFile_passesWithTheFileList() throws Exception {
    DoctorFixture node = new DoctorFixture(dir);
    Path file = node.config("role: cluster-init\n");

    assertEquals("PASS config: 1 source parsed: " + file, node.run(new ConfigCheck()).line());
  }
}
