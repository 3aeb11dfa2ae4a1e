package io.rancherd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * docs/reference/cli.md describes the command line the code has: its generated part is what every
 * command's --help prints, so a new command or option cannot be missing from it. With {@code
 * -Drancherd.regenerateDocs=true} the test rewrites that part instead.
 */
class CliReferenceTest {

  private static final Path DOC = Path.of("..", "docs", "reference", "cli.md");

  @BeforeAll
  static void defaultsComeFromTheCode() {
    // --root, --data-dir and --service-manager take their defaults from these variables.
    for (String name : List.of("RANCHERD_ROOT", "RANCHERD_DATA_DIR", "RANCHERD_SERVICE_MANAGER")) {
      assumeTrue(System.getenv(name) == null, name + " is set: the help would show its value");
    }
  }

  @Test
  void generatedPart_isWhatTheCodePrints() throws IOException {
    String doc = doc();
    int begin = doc.indexOf(CliReference.BEGIN);
    int end = doc.indexOf(CliReference.END);
    assertTrue(
        begin >= 0 && end > begin,
        () -> DOC + " has no generated part; regenerate with: " + CliReference.REGENERATE);

    assertEquals(
        CliReference.generate(),
        doc.substring(begin, end + CliReference.END.length()),
        DOC + " does not match the command line; regenerate with: " + CliReference.REGENERATE);
  }

  @Test
  void everyCommandAndOption_appearsInTheReference() throws IOException {
    String doc = doc();
    CommandLine root =
        Cli.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));

    for (CommandLine command : CliReference.tree(root)) {
      String name = command.getCommandSpec().qualifiedName();
      assertTrue(
          doc.contains("### " + name + "\n") || doc.contains("### " + name + " (hidden)\n"),
          () ->
              name + " has no section in " + DOC + "; regenerate with: " + CliReference.REGENERATE);
      for (OptionSpec option : command.getCommandSpec().options()) {
        if (option.hidden()) {
          continue;
        }
        for (String optionName : option.names()) {
          assertTrue(
              doc.contains(optionName),
              () ->
                  name
                      + " "
                      + optionName
                      + " is not in "
                      + DOC
                      + "; regenerate with: "
                      + CliReference.REGENERATE);
        }
      }
    }
  }

  /**
   * The reference as the tests read it; with {@code -Drancherd.regenerateDocs=true} its generated
   * part is first rewritten from the code (once, whichever test asks first).
   */
  private static synchronized String doc() throws IOException {
    String doc = Files.readString(DOC, StandardCharsets.UTF_8);
    int begin = doc.indexOf(CliReference.BEGIN);
    int end = doc.indexOf(CliReference.END);
    if (Boolean.getBoolean("rancherd.regenerateDocs") && begin >= 0 && end > begin) {
      String updated =
          doc.substring(0, begin)
              + CliReference.generate()
              + doc.substring(end + CliReference.END.length());
      if (!updated.equals(doc)) {
        Files.writeString(DOC, updated, StandardCharsets.UTF_8);
      }
      return updated;
    }
    return doc;
  }
}
