import io.rancherd.cli.Cli;
import java.io.File;
import java.io.PrintWriter;
import java.io.Writer;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Writes rancherd's manual pages (AsciiDoc) and its bash completion script from the whole command
 * line, as Cli builds it with every command; run by docs.sh in source-file mode.
 *
 * <p>{@code java -cp CLASSPATH Manual.java ADOC_DIR COMPLETION_FILE}
 */
public final class Manual {

  private Manual() {}

  public static void main(String[] args) throws Exception {
    PrintWriter none = new PrintWriter(Writer.nullWriter());
    CommandLine rancherd = Cli.commandLine(none, none);
    int code =
        ManPageGenerator.generateManPage(
            new File(args[0]), null, new boolean[0], false, rancherd.getCommandSpec());
    if (code != 0) {
      System.exit(code);
    }
    AutoComplete.bash("rancherd", new File(args[1]), null, rancherd);
  }
}
