package io.rancherd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The help a new user reads: --help on every command (the hidden plan steps included), the one-line
 * headers of the command list, and {@code rancherd help COMMAND}.
 */
@Isolated // runs rancherd in this JVM, which takes its standard streams
class HelpTest {

  private static final CommandLine TREE =
      Cli.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));

  @Test
  void help_onEveryCommandIncludingHiddenOnes_exits0WithItsUsage() {
    List<CommandSpec> commands = commands(TREE.getCommandSpec());
    assertTrue(commands.size() > 10, () -> "the command tree: " + commands.size() + " commands");

    for (CommandSpec command : commands) {
      List<String> args = new ArrayList<>(path(command));
      args.add("--help");

      Launcher.Result r = InProcess.exec(args);

      assertEquals(0, r.exitCode(), r::describe);
      assertEquals("", r.stderr(), r::describe);
      assertTrue(
          r.stdout().contains("Usage: " + command.qualifiedName() + " "),
          () -> "no usage line\n" + r.describe());
      if (command.usageMessage().header().length > 0) {
        assertTrue(
            r.stdout().startsWith(command.usageMessage().header()[0] + "\n"),
            () -> "the header comes first\n" + r.describe());
      }
    }
  }

  @Test
  void commandList_showsEveryVisibleHeaderWholeOnOneLine_withinTheWidth() {
    Launcher.Result r = InProcess.exec(List.of("--help"));
    assertEquals(0, r.exitCode(), r::describe);
    int width = TREE.getCommandSpec().usageMessage().width();

    for (CommandLine sub : TREE.getSubcommands().values()) {
      CommandSpec command = sub.getCommandSpec();
      if (command.usageMessage().hidden()) {
        continue;
      }
      String[] header = command.usageMessage().header();
      assertEquals(1, header.length, () -> command.qualifiedName() + ": one header line");
      Pattern line =
          Pattern.compile(
              "(?m)^  " + Pattern.quote(command.name()) + " +" + Pattern.quote(header[0]) + "$");
      assertTrue(
          line.matcher(r.stdout()).find(),
          () -> "the header of " + command.name() + " is not whole on its line\n" + r.describe());
    }
    for (String l : r.stdout().lines().toList()) {
      assertTrue(l.length() <= width, () -> "longer than " + width + ": '" + l + "'");
    }
  }

  /**
   * Descriptions are paragraphs that picocli wraps to the terminal: no paragraph stops in the
   * middle of a sentence, as the lines broken by hand did.
   */
  @Test
  void descriptions_arePlainParagraphs_eachAWholeSentence() {
    for (CommandSpec command : commands(TREE.getCommandSpec())) {
      if (command.helpCommand()) {
        continue; // picocli's own
      }
      assertEquals(1, command.usageMessage().header().length, command.qualifiedName());
      for (String paragraph : command.usageMessage().description()) {
        assertTrue(
            paragraph.isEmpty() || paragraph.endsWith("."),
            () -> command.qualifiedName() + ": a paragraph cut mid-sentence: '" + paragraph + "'");
      }
      command
          .options()
          .forEach(
              option ->
                  assertEquals(
                      1,
                      option.description().length,
                      () -> command.qualifiedName() + " " + option.longestName() + ": one line"));
    }
  }

  @Test
  void helpCommand_printsTheHelpOfTheNamedCommand() {
    Launcher.Result help = InProcess.exec(List.of("help", "bootstrap"));
    Launcher.Result option = InProcess.exec(List.of("bootstrap", "--help"));

    assertEquals(0, help.exitCode(), help::describe);
    assertEquals(option.stdout(), help.stdout(), "rancherd help bootstrap = bootstrap --help");
    assertTrue(help.stdout().contains("--once"), help::describe);
    assertFalse(help.stdout().contains("Commands:"), "bootstrap's help, not the list");
  }

  /** {@code spec} and every command under it, hidden ones included, parents first. */
  private static List<CommandSpec> commands(CommandSpec spec) {
    List<CommandSpec> all = new ArrayList<>(List.of(spec));
    for (CommandLine sub : spec.subcommands().values()) {
      all.addAll(commands(sub.getCommandSpec()));
    }
    return all;
  }

  /** The arguments that name {@code command}: {@code [bootstrap]} for rancherd bootstrap. */
  private static List<String> path(CommandSpec command) {
    List<String> names = new ArrayList<>();
    for (CommandSpec c = command; c.parent() != null; c = c.parent()) {
      names.add(0, c.name());
    }
    return names;
  }
}
