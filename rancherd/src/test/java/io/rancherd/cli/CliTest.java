package io.rancherd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The command line itself, run in process: help, exit codes, get-token, status, --debug. The
 * launcher's own behaviour is in {@link LauncherIT}.
 */
@Isolated // runs rancherd in this JVM, which takes its standard streams
class CliTest {

  private static final String SERVER_TOKEN = "var/lib/rancher/k3s/server/token";

  @TempDir Path root;

  @Test
  void help_listsTheVisibleCommandsAndTheExitCodes() {
    Launcher.Result r = InProcess.run(root, "--help");
    assertEquals(0, r.exitCode(), r::describe);
    String help = r.stdout();

    int commandsAt = help.indexOf("\nCommands:\n");
    int exitCodesAt = help.indexOf("\nExit codes:\n");
    assertTrue(
        commandsAt >= 0 && exitCodesAt > commandsAt,
        () -> "expected a Commands section followed by an Exit codes section\n" + r.describe());
    assertEquals(
        List.of(
            "bootstrap",
            "plan",
            "get-token",
            "status",
            "doctor",
            "info",
            "reset",
            "reset-admin",
            "upgrade",
            "version",
            "help"),
        List.copyOf(entries(help.substring(commandsAt, exitCodesAt))),
        "commands listed by --help");
    assertEquals(
        Set.of("0", "1", "2", "3"),
        entries(help.substring(exitCodesAt)),
        "exit codes listed by --help");
    assertFalse(
        Pattern.compile("(?m)^\\s+(probe|retry|run-image)\\b").matcher(help).find(),
        () -> "hidden commands probe, retry and run-image are listed\n" + r.describe());
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

  /** A run finds a command by the name its annotation gives it, so the list must use that name. */
  @Test
  void commandList_namesEachCommandAsItsAnnotationDoes() {
    Cli.COMMANDS.forEach(
        (name, command) ->
            assertEquals(
                command.getAnnotation(picocli.CommandLine.Command.class).name(),
                name,
                () -> command.getSimpleName() + " is listed under another name"));
  }

  /**
   * A run builds only the commands its arguments name; rancherd's own usage still lists every
   * command however it is asked for, and a mistyped command is still matched against all of them.
   */
  @Test
  void rootHelp_askedBeforeACommandOrThroughHelp_listsEveryCommand() {
    String usage = InProcess.run(root, "--help").stdout();

    for (List<String> args :
        List.of(List.of("--help", "plan"), List.of("-h", "status"), List.of("help"))) {
      Launcher.Result r = InProcess.run(root, args.toArray(String[]::new));
      assertEquals(0, r.exitCode(), r::describe);
      assertEquals(usage, r.stdout(), () -> "rancherd " + String.join(" ", args));
    }
    Launcher.Result mistyped = InProcess.run(root, "bootstap");
    assertEquals(2, mistyped.exitCode(), mistyped::describe);
    assertTrue(mistyped.stderr().contains("bootstrap"), mistyped::describe);
  }

  @Test
  void unknownCommand_exits2() {
    Launcher.Result r = InProcess.run(root, "frobnicate");

    assertEquals(2, r.exitCode(), r::describe);
    assertTrue(
        r.stderr().startsWith("rancherd: ") && r.stderr().contains("frobnicate"), r::describe);
    assertEquals(List.of(), Launcher.entriesUnder(root));
  }

  @Test
  void getToken_onANodeWithoutRuntime_exits3NamingTheTokenFile() {
    Launcher.Result r = InProcess.run(root, "get-token");

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

    Launcher.Result r = InProcess.run(root, "get-token");

    assertEquals(0, r.exitCode(), () -> r.describe(token));
    assertEquals(
        token + "\n", r.stdout(), "get-token prints the token and a newline, nothing else");
    assertEquals(List.of(SERVER_TOKEN), Launcher.filesUnder(root), "get-token writes nothing");
  }

  @Test
  void getToken_joinConfigIsUserDataThatWritesTheConfigFileAndRunsBootstrap() throws IOException {
    String token = "K10abc::server:pw";
    joinConfigNode(token);

    Launcher.Result r =
        InProcess.run(root, "get-token", "--join-config", "--server", "https://10.0.0.1:6443");

    assertEquals(0, r.exitCode(), () -> r.describe(token));
    Map<?, ?> doc = (Map<?, ?>) Launcher.parseYaml(r.stdout());
    assertTrue(r.stdout().startsWith("#cloud-config\n"), () -> r.describe(token));
    assertEquals(Set.of("write_files", "runcmd"), Set.copyOf(doc.keySet()), "top-level keys");
    Map<?, ?> config =
        (Map<?, ?>) Launcher.parseYaml(Launcher.recipeConfig(r.stdout()).orElseThrow());
    assertEquals(
        Map.of(
            "role", "agent",
            "server", "https://10.0.0.1:6443",
            "token", token,
            "kubernetesVersion", "v1.30.2+k3s1",
            "airgapArtifactsDir", "/opt/airgap",
            "systemDefaultRegistry", "registry.example.com:5000"),
        config);
    List<?> files = (List<?>) doc.get("write_files");
    assertEquals(
        Map.of(
            "path", "/etc/default/rancherd",
            "owner", "root:root",
            "permissions", "0600",
            "content", "HTTPS_PROXY=http://proxy.example.com:3128\nNO_PROXY=10.0.0.0/8\n"),
        files.get(1),
        "this node's proxy, not its other settings");
    assertEquals("0600", ((Map<?, ?>) files.get(0)).get("permissions"));
    assertEquals(
        List.of(
            List.of("sh", "-c", "set -a && . /etc/default/rancherd && exec rancherd bootstrap")),
        doc.get("runcmd"));
    assertFalse(r.stdout().contains("OTHER_SECRET"), "nothing else of /etc/default/rancherd");
  }

  @Test
  void getToken_formatConfigPrintsThePlainConfigFile() throws IOException {
    String token = "K10abc::server:pw";
    joinConfigNode(token);

    Launcher.Result r =
        InProcess.run(
            root,
            "get-token",
            "--join-config",
            "--format",
            "config",
            "--server",
            "https://10.0.0.1:6443");

    assertEquals(0, r.exitCode(), () -> r.describe(token));
    assertEquals(
        Launcher.recipeConfig(
                InProcess.run(
                        root, "get-token", "--join-config", "--server", "https://10.0.0.1:6443")
                    .stdout())
            .orElseThrow(),
        r.stdout());
    Launcher.Result bad = InProcess.run(root, "get-token", "--join-config", "--format", "json");
    assertEquals(2, bad.exitCode(), () -> bad.describe(token));
    assertTrue(
        bad.stderr().contains("expected cloud-config or config, found 'json'"),
        () -> bad.describe(token));
  }

  private void joinConfigNode(String token) throws IOException {
    Path file = root.resolve(SERVER_TOKEN);
    Files.createDirectories(file.getParent());
    Launcher.write(file, token + "\n");
    Path config = root.resolve("etc/rancher/rancherd/config.yaml");
    Files.createDirectories(config.getParent());
    Launcher.write(
        config,
        "role: cluster-init\nkubernetesVersion: v1.30.2+k3s1\nairgapArtifactsDir: /opt/airgap\n"
            + "systemDefaultRegistry: registry.example.com:5000\nnodeName: server-1\n");
    Path env = root.resolve("etc/default/rancherd");
    Files.createDirectories(env.getParent());
    Launcher.write(
        env,
        "export HTTPS_PROXY=http://proxy.example.com:3128\nOTHER_SECRET=x\nNO_PROXY=10.0.0.0/8\n");
  }

  @Test
  void getToken_caChecksumPrintsTheHashAloneAndNoSecret() throws IOException {
    String hash = "8010bfcee1842b2a4ce8f67c3e9455f0188f7a15bf39ec61a26feb75cd785821";
    String token = "K10" + hash + "::server:pw-not-to-print";
    Path file = root.resolve(SERVER_TOKEN);
    Files.createDirectories(file.getParent());
    Launcher.write(file, token + "\n");

    Launcher.Result r = InProcess.run(root, "get-token", "--ca-checksum");

    assertEquals(0, r.exitCode(), () -> r.describe(token));
    assertEquals("sha256:" + hash + "\n", r.stdout());
    assertFalse(r.stderr().contains("pw-not-to-print"));
  }

  @Test
  void status_onAFreshRoot_saysNotBootstrapped() {
    Launcher.Result r = InProcess.run(root, "status");

    assertEquals(3, r.exitCode(), "not bootstrapped yet: " + r.describe());
    assertTrue(r.stdout().contains("state:        not-started"), r::describe);
    assertTrue(r.stdout().lines().anyMatch(l -> l.matches("bootstrapped:\\s+no")), r::describe);
    assertEquals(List.of(), Launcher.entriesUnder(root), "status writes nothing");
  }

  @Test
  void debug_printsTheStackTraceOfAnErrorWhileTheDefaultIsOneLine(@TempDir Path configDir) {
    Path config = Launcher.write(configDir.resolve("bad.yaml"), "rancherd:\n  role: boss\n");

    Launcher.Result plain = InProcess.run(root, "plan", "--config", config.toString());
    Launcher.Result debug = InProcess.run(root, "plan", "--debug", "--config", config.toString());

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
}
