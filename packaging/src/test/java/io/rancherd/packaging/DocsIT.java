package io.rancherd.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rancherd.cli.Cli;
import io.rancherd.testing.Commands;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What {@code man rancherd} and TAB show an operator: the manual pages and the bash and zsh
 * completion that the build generates from the command line, in the tarball and the .deb.
 */
class DocsIT {

  private static final String BASH = "usr/share/bash-completion/completions/rancherd";
  private static final String ZSH = "usr/share/zsh/vendor-completions/_rancherd";

  @TempDir Path dir;

  @Test
  void tarball_holdsAPagePerVisibleCommandAndBothCompletions() {
    Path top = Built.extract(dir);

    for (String page : pages()) {
      assertTrue(Files.isRegularFile(top.resolve("share/man/man8/" + page + ".8")), page);
    }
    assertTrue(Files.isRegularFile(top.resolve("share/bash-completion/completions/rancherd")));
    assertTrue(Files.isRegularFile(top.resolve("share/zsh/vendor-completions/_rancherd")));
  }

  @Test
  void deb_holdsTheGzippedPagesBothCompletionsAndAShortReadme() {
    Path root = extractDeb();

    for (String page : pages()) {
      assertTrue(Files.isRegularFile(root.resolve("usr/share/man/man8/" + page + ".8.gz")), page);
    }
    assertTrue(Files.isRegularFile(root.resolve(BASH)));
    assertTrue(Files.isRegularFile(root.resolve(ZSH)));
    assertFalse(Files.exists(root.resolve("usr/lib/rancherd/share")), "share/ only once");
    String readme = Built.read(root.resolve("usr/share/doc/rancherd/README"));
    for (String pointer :
        List.of("/etc/rancher/rancherd/config.yaml", "man rancherd", "rancherd doctor")) {
      assertTrue(readme.contains(pointer), () -> "README names " + pointer + ":\n" + readme);
    }
  }

  @Test
  void man_rendersTheRootPageAndACommandsPage_withoutWarnings() {
    Built.requireTool("man", "man-db");
    Path man8 = extractDeb().resolve("usr/share/man/man8");

    String root = render(man8.resolve("rancherd.8.gz"));
    String bootstrap = render(man8.resolve("rancherd-bootstrap.8.gz"));

    assertTrue(root.startsWith("RANCHERD(8)"), root);
    assertTrue(root.contains("rancherd - Bootstrap k3s or RKE2 and Rancher"), root);
    for (String section : List.of("SYNOPSIS", "DESCRIPTION", "OPTIONS", "COMMANDS", "FILES")) {
      assertTrue(root.contains("\n" + section + "\n"), () -> section + " in\n" + root);
    }
    assertTrue(root.contains("rancherd-bootstrap(8)"), "SEE ALSO names the commands' pages");
    assertTrue(bootstrap.startsWith("RANCHERD-BOOTSTRAP(8)"), bootstrap);
    assertTrue(bootstrap.contains("--once"), bootstrap);
  }

  @Test
  void bash_completesCommandNamesAndOptions_andNoHiddenCommand() {
    Built.requireTool("bash", "bash");
    Path completion = extractDeb().resolve(BASH);
    String script =
        """
        source "$1" || exit 1
        complete -p rancherd || exit 1
        reply() {
          COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
          _complete_rancherd 2>/dev/null
          printf '%s\\n' "$1 ${COMPREPLY[*]}"
        }
        reply rancherd boo
        reply rancherd bootstrap --on
        reply rancherd ''
        """;

    Commands.Output out =
        Built.run(List.of("bash", "--norc", "-c", script, "bash", completion.toString()));

    assertEquals(0, out.exitCode(), out.stdout() + out.stderr());
    List<String> lines = out.stdout().lines().toList();
    assertEquals("complete -o default -F _complete_rancherd rancherd", lines.get(0), out.stdout());
    assertEquals("rancherd bootstrap", lines.get(1));
    assertEquals("rancherd --once", lines.get(2));
    List<String> all = List.of(lines.get(3).split(" "));
    assertTrue(all.containsAll(List.of("bootstrap", "doctor", "get-token", "help")), all::toString);
    assertFalse(all.contains("probe") || all.contains("install-rancher"), all::toString);
  }

  /**
   * An interactive zsh with the completion system on and the package's {@code _rancherd} in its
   * fpath (pointed at the package's bash script, as at /usr/share): TAB completes a command and
   * then an option, and the line is printed as completed.
   */
  @Test
  void zsh_vendorCompletion_completesACommandAndAnOption() throws IOException {
    Built.requireTool("zsh", "zsh");
    Path root = extractDeb();
    Path fpath = Files.createDirectories(dir.resolve("fpath"));
    Files.writeString(
        fpath.resolve("_rancherd"),
        Built.read(root.resolve(ZSH)).replace("/" + BASH, root.resolve(BASH).toString()));
    Path home = Files.createDirectories(dir.resolve("home"));
    Files.writeString(
        home.resolve(".zshrc"),
        "fpath=(" + fpath + " $fpath)\nautoload -U compinit && compinit -u -d " + dir + "/dump\n");
    String driver =
        """
        zmodload zsh/zpty
        zpty z "ZDOTDIR=$1 zsh -i"
        zpty -w -n z $'rancherd boo\\t--on\\t\\x01print -r -- COMPLETED: \\n'
        while zpty -r z line; do
          if [[ $line == COMPLETED:* ]]; then print -r -- ${line%%$'\\r'*}; break; fi
        done
        zpty -d z
        """;

    Commands.Output out =
        Built.run(List.of("timeout", "60", "zsh", "-f", "-c", driver, "zsh", home.toString()));

    assertEquals(0, out.exitCode(), out.stdout() + out.stderr());
    assertEquals("COMPLETED: rancherd bootstrap --once", out.stdout().strip(), out.stderr());
  }

  /** rancherd and each command that {@code rancherd --help} lists, as manual page names. */
  private static List<String> pages() {
    CommandLine cli =
        Cli.commandLine(new PrintWriter(Writer.nullWriter()), new PrintWriter(Writer.nullWriter()));
    List<String> pages = new ArrayList<>(List.of("rancherd"));
    for (CommandLine sub : cli.getSubcommands().values()) {
      CommandSpec spec = sub.getCommandSpec();
      if (!spec.usageMessage().hidden()) {
        pages.add("rancherd-" + spec.name());
      }
    }
    return pages;
  }

  private Path extractDeb() {
    Path root = dir.resolve("deb");
    Commands.Output out =
        Built.run(List.of("dpkg-deb", "-x", Built.deb().toString(), root.toString()));
    assertEquals(0, out.exitCode(), out::stderr);
    return root;
  }

  private String render(Path page) {
    Commands.Output out =
        Built.run(
            List.of("man", "--warnings", "-l", page.toString()),
            dir,
            Map.of("MANWIDTH", "80", "MANPAGER", "cat", "LANG", "C.UTF-8"));
    assertEquals(0, out.exitCode(), () -> page + ": " + out.stderr());
    assertFalse(
        out.stderr().toLowerCase(java.util.Locale.ROOT).contains("warning"),
        () -> page + ": " + out.stderr());
    return out.stdout();
  }
}
