package io.rancherd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line itself: version, help, exit codes, get-token, status, global options, --debug,
 * retry.
 */
class CliBasicsIT {

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
  void help_listsTheVisibleCommandsAndTheExitCodes() {
    Launcher.Result r = Launcher.run(root, "--help");
    assertEquals(0, r.exitCode(), r::describe);
    String help = r.stdout();

    int commandsAt = help.indexOf("\nCommands:\n");
    int exitCodesAt = help.indexOf("\nExit codes:\n");
    assertTrue(
        commandsAt >= 0 && exitCodesAt > commandsAt,
        () -> "expected a Commands section followed by an Exit codes section\n" + r.describe());
    assertEquals(
        List.of("bootstrap", "plan", "get-token", "status", "doctor", "info", "version"),
        List.copyOf(entries(help.substring(commandsAt, exitCodesAt))),
        "commands listed by --help");
    assertEquals(
        Set.of("0", "1", "2", "3"),
        entries(help.substring(exitCodesAt)),
        "exit codes listed by --help");
    assertFalse(
        Pattern.compile("(?m)^\\s+(probe|retry)\\b").matcher(help).find(),
        () -> "hidden commands probe and retry are listed\n" + r.describe());
  }

  /** The names of a help section: lines that start with exactly two spaces and a word. */
  private static Set<String> entries(String section) {
    Set<String> names = new LinkedHashSet<>();
    Matcher m = Pattern.compile("(?m)^  (\\S+)").matcher(section);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  @Test
  void unknownCommand_exits2() {
    Launcher.Result r = Launcher.run(root, "frobnicate");

    assertEquals(2, r.exitCode(), r::describe);
    assertTrue(
        r.stderr().startsWith("rancherd: ") && r.stderr().contains("frobnicate"), r::describe);
    assertEquals(List.of(), Launcher.entriesUnder(root));
  }

  @Test
  void getToken_onANodeWithoutRuntime_exits3NamingTheTokenFile() {
    Launcher.Result r = Launcher.run(root, "get-token");

    assertEquals(3, r.exitCode(), r::describe);
    assertEquals("", r.stdout(), "nothing on stdout");
    List<String> lines = r.stderrLines();
    assertEquals(1, lines.size(), r::describe);
    assertTrue(
        lines.get(0).startsWith("rancherd: ") && lines.get(0).contains("/" + SERVER_TOKEN),
        r::describe);
    assertEquals(List.of(), Launcher.entriesUnder(root));
  }

  @Test
  void getToken_printsTheServerTokenExactly() throws IOException {
    String token = "K10abc::server:pw";
    Path file = root.resolve(SERVER_TOKEN);
    Files.createDirectories(file.getParent());
    Launcher.write(file, token + "\n");

    Launcher.Result r = Launcher.run(root, "get-token");

    assertEquals(0, r.exitCode(), () -> r.describe(token));
    assertEquals(
        token + "\n", r.stdout(), "get-token prints the token and a newline, nothing else");
    assertEquals(List.of(SERVER_TOKEN), Launcher.filesUnder(root), "get-token writes nothing");
  }

  @Test
  void getToken_caChecksumPrintsTheHashAloneAndNoSecret() throws IOException {
    String hash = "8010bfcee1842b2a4ce8f67c3e9455f0188f7a15bf39ec61a26feb75cd785821";
    String token = "K10" + hash + "::server:pw-not-to-print";
    Path file = root.resolve(SERVER_TOKEN);
    Files.createDirectories(file.getParent());
    Launcher.write(file, token + "\n");

    Launcher.Result r = Launcher.run(root, "get-token", "--ca-checksum");

    assertEquals(0, r.exitCode(), () -> r.describe(token));
    assertEquals("sha256:" + hash + "\n", r.stdout());
    assertFalse(r.stderr().contains("pw-not-to-print"));
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
  void status_onAFreshRoot_saysNotBootstrapped() {
    Launcher.Result r = Launcher.run(root, "status");

    assertEquals(0, r.exitCode(), r::describe);
    assertTrue(r.stdout().lines().anyMatch(l -> l.matches("bootstrapped:\\s+no")), r::describe);
    assertEquals(List.of(), Launcher.entriesUnder(root), "status writes nothing");
  }

  @Test
  void debug_printsTheStackTraceOfAnErrorWhileTheDefaultIsOneLine(@TempDir Path configDir) {
    Path config = Launcher.write(configDir.resolve("bad.yaml"), "rancherd:\n  role: boss\n");

    Launcher.Result plain = Launcher.run(root, "plan", "--config", config.toString());
    Launcher.Result debug = Launcher.run(root, "plan", "--debug", "--config", config.toString());

    assertEquals(2, plain.exitCode(), plain::describe);
    assertEquals(
        1,
        plain.stderrLines().size(),
        () -> "without --debug the error is one line\n" + plain.describe());
    assertFalse(plain.stderr().contains("\tat "), plain::describe);
    assertEquals(2, debug.exitCode(), debug::describe);
    assertTrue(
        debug.stderrLines().get(0).startsWith("rancherd: invalid config: "), debug::describe);
    assertTrue(
        debug.stderr().contains("at io.rancherd"),
        () -> "--debug should print a stack trace\n" + debug.describe());
    assertEquals(List.of(), Launcher.entriesUnder(root));
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
