package io.rancherd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged launcher ({@code bin/rancherd}) as a process: the version shortcut, global options
 * on either side of the command, and retry, which runs other processes. The rest of the command
 * line runs in process ({@link CliTest}).
 */
class LauncherIT {

  private static final Pattern VERSION_LINE =
      Pattern.compile(
          "rancherd (\\d+\\.\\d+\\.\\d+\\S*) \\(commit ([0-9a-f]{7,40}(-dirty)?|unknown)\\)");
  private static final String SERVER_TOKEN = "var/lib/rancher/k3s/server/token";

  @TempDir Path root;

  @Test
  void version_optionAndCommandPrintTheSameVersionLine() {
    Launcher.Result option = Launcher.run(root, "--version");
    Launcher.Result command = Launcher.run(root, "version");

    for (Launcher.Result r : List.of(option, command)) {
      assertEquals(0, r.exitCode(), r::describe);
      assertTrue(
          VERSION_LINE.matcher(r.stdout().strip()).matches(),
          () -> "expected 'rancherd <version> (commit <hash>)'\n" + r.describe());
      assertEquals(1, r.stdout().lines().count(), r::describe);
    }
    assertEquals(option.stdout(), command.stdout(), "--version and version print the same line");
    assertEquals(List.of(), Launcher.entriesUnder(root));
  }

  @Test
  void globalOptions_areAcceptedBeforeAndAfterTheCommand() throws IOException {
    String config = Launcher.examples().resolve("single-node.yaml").toString();
    Launcher.Result before =
        Launcher.exec(root, List.of("--root", root.toString(), "plan", "--config", config));
    Launcher.Result after =
        Launcher.exec(root, List.of("plan", "--root", root.toString(), "--config", config));

    assertEquals(0, before.exitCode(), before::describe);
    assertEquals(0, after.exitCode(), after::describe);
    assertEquals(before.stdout(), after.stdout(), "the same plan whichever side --root is on");
    assertEquals(List.of(), Launcher.entriesUnder(root));

    // --root really applies in both positions: get-token finds the token only under the root.
    String token = "K10def::server:pw2";
    Path file = root.resolve(SERVER_TOKEN);
    Files.createDirectories(file.getParent());
    Launcher.write(file, token + "\n");
    Launcher.Result tokenBefore =
        Launcher.exec(root, List.of("--root", root.toString(), "get-token"));
    Launcher.Result tokenAfter =
        Launcher.exec(root, List.of("get-token", "--root", root.toString()));
    assertEquals(0, tokenBefore.exitCode(), () -> tokenBefore.describe(token));
    assertEquals(0, tokenAfter.exitCode(), () -> tokenAfter.describe(token));
    assertEquals(token + "\n", tokenBefore.stdout(), "get-token with --root before the command");
    assertEquals(token + "\n", tokenAfter.stdout(), "get-token with --root after the command");
  }

  @Test
  void retry_failsAfterTheLastAttemptAndSucceedsAtOnce() {
    Launcher.Result failing =
        Launcher.run(root, "retry", "--attempts", "2", "--interval", "1ms", "--", "false");
    Launcher.Result succeeding = Launcher.run(root, "retry", "--", "true");

    assertEquals(1, failing.exitCode(), failing::describe);
    assertTrue(failing.stderr().contains("after 2 attempts"), failing::describe);
    assertEquals(0, succeeding.exitCode(), succeeding::describe);
    assertEquals(List.of(), Launcher.entriesUnder(root));
  }
}
