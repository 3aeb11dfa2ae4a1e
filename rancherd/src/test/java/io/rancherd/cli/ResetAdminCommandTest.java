package io.rancherd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * {@code rancherd reset-admin} refuses, with one line that says why and what to do, where it cannot
 * work: a bad password file (exit 2), no runtime, an agent, a server not bootstrapped (exit 3). It
 * writes nothing and prints nothing on stdout then.
 */
@Isolated // runs rancherd in this JVM, which takes its standard streams
class ResetAdminCommandTest {

  @TempDir Path root;
  @TempDir Path dir;

  private Launcher.Result resetAdmin(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "reset-admin";
    System.arraycopy(args, 0, all, 1, args.length);
    return InProcess.run(root, all);
  }

  private void refused(Launcher.Result r, int exitCode, String message) {
    assertEquals(exitCode, r.exitCode(), r::describe);
    assertEquals(List.of("rancherd: " + message), r.stderrLines(), r::describe);
    assertEquals("", r.stdout(), "nothing on stdout");
  }

  private void installK3s(String... dirs) throws IOException {
    Path binary = root.resolve("usr/local/bin/k3s");
    Files.createDirectories(binary.getParent());
    Files.writeString(binary, "#!/bin/sh\n");
    Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwxr-xr-x"));
    for (String d : dirs) {
      Files.createDirectories(root.resolve("var/lib/rancher/k3s/" + d));
    }
  }

  @Test
  void aMissingOrEmptyPasswordFileIsBadInput() throws IOException {
    Path missing = dir.resolve("missing");
    refused(
        resetAdmin("--password-file", missing.toString()),
        2,
        "--password-file "
            + missing
            + ": no such file; expected a file holding the new admin"
            + " password");
    Path empty = Files.writeString(dir.resolve("empty"), "\n");
    refused(
        resetAdmin("--password-file", empty.toString()),
        2,
        "--password-file "
            + empty
            + ": the file is empty; expected the new admin password on its first line");
  }

  @Test
  void withoutARuntimeItSaysWhereToRunIt() {
    refused(
        resetAdmin(),
        3,
        "resetting Rancher's default admin: no runtime is installed on this node; fix: run"
            + " reset-admin on a server node of a cluster rancherd bootstrapped with Rancher");
  }

  @Test
  void onAnAgentItSaysToRunItOnAServer() throws IOException {
    installK3s("agent");
    refused(
        resetAdmin(),
        3,
        "resetting Rancher's default admin: this node runs the k3s agent, which has no admin"
            + " kubeconfig; fix: run reset-admin on a server node of the cluster");
  }

  @Test
  void onAServerNotBootstrappedItSaysToWait() throws IOException {
    installK3s("server", "agent");
    Launcher.Result r = resetAdmin();
    assertEquals(3, r.exitCode(), r::describe);
    assertTrue(
        r.stderr()
            .startsWith(
                "rancherd: resetting Rancher's default admin: this node is not bootstrapped yet"),
        r::describe);
    assertTrue(r.stderr().contains("; fix: wait until `rancherd status --wait` returns 0"));
  }
}
