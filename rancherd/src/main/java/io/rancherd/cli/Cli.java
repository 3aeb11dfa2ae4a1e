package io.rancherd.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.ParseResult;

/** Builds rancherd's command line: commands, error handling, exit codes and output writers. */
public final class Cli {

  /**
   * rancherd's commands by name, in the order the help lists them. Each name is the one in the
   * command's {@code @Command} annotation (CliTest checks it): a run adds only the commands its
   * arguments name, so that picocli, which reads a command's annotations by reflection when it is
   * added, builds the model of one command rather than of all of them.
   */
  static final Map<String, Class<?>> COMMANDS = commands();

  private Cli() {}

  private static Map<String, Class<?>> commands() {
    Map<String, Class<?>> commands = new LinkedHashMap<>();
    commands.put("bootstrap", BootstrapCommand.class);
    commands.put("plan", PlanCommand.class);
    commands.put("get-token", GetTokenCommand.class);
    commands.put("status", StatusCommand.class);
    commands.put("doctor", DoctorCommand.class);
    commands.put("info", InfoCommand.class);
    commands.put("reset", ResetCommand.class);
    commands.put("reset-admin", ResetAdminCommand.class);
    commands.put("upgrade", UpgradeCommand.class);
    commands.put("version", VersionCommand.class);
    commands.put("probe", ProbeCommand.class);
    commands.put("retry", RetryCommand.class);
    commands.put("service", ServiceCommand.class);
    commands.put("install-runtime", InstallRuntimeCommand.class);
    commands.put("install-rancher", InstallRancherCommand.class);
    commands.put("apply-manifest", ApplyManifestCommand.class);
    commands.put("run-image", RunImageCommand.class);
    commands.put("wait", WaitCommand.class);
    commands.put("help", HelpCommand.class);
    return commands;
  }

  /**
   * The whole command line, every command included, printing to {@code out} and {@code err}: for
   * tests and for the build's manual pages and shell completion.
   */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    return commandLine(out, err, System.getenv(), List.copyOf(COMMANDS.keySet()));
  }

  /**
   * The command line that runs {@code args} with the environment {@code env}: with the commands
   * {@code args} name, or with all of them when rancherd's own usage may be printed (no command
   * named, a mistyped one and its suggestions, {@code help}, {@code --help} before the command).
   * Any argument equal to a command's name adds that command, wherever it stands, so picocli parses
   * {@code args} exactly as with every command.
   */
  public static CommandLine commandLine(
      PrintWriter out, PrintWriter err, Map<String, String> env, String... args) {
    List<String> argv = Arrays.asList(args);
    List<String> named = argv.stream().filter(COMMANDS::containsKey).distinct().toList();
    boolean rootHelp =
        named.isEmpty()
            || named.contains("help")
            || argv.subList(0, argv.indexOf(named.get(0))).stream()
                .anyMatch(a -> a.equals("--help") || a.equals("-h"));
    return commandLine(out, err, env, rootHelp ? List.copyOf(COMMANDS.keySet()) : named);
  }

  private static CommandLine commandLine(
      PrintWriter out, PrintWriter err, Map<String, String> env, List<String> commands) {
    ErrorHandler errors = new ErrorHandler();
    CommandLine cmd = new CommandLine(new RancherdCommand(env));
    // in the help's order, whatever the order of the arguments
    COMMANDS.forEach(
        (name, command) -> {
          if (commands.contains(name)) {
            cmd.addSubcommand(command);
          }
        });
    cmd.setOut(out);
    cmd.setErr(err);
    cmd.setExecutionExceptionHandler(errors);
    cmd.setParameterExceptionHandler(errors);
    cmd.setExitCodeExceptionMapper(ErrorHandler::exitCode);
    cmd.setCaseInsensitiveEnumValuesAllowed(true);
    cmd.setUsageHelpAutoWidth(true);
    layOutHelp(cmd);
    return cmd;
  }

  /**
   * The same help layout for every command, the hidden ones and picocli's help command included:
   * the one-line header, then the usage, the description and the lists, each after a blank line.
   */
  private static void layOutHelp(CommandLine cmd) {
    cmd.getCommandSpec()
        .usageMessage()
        .synopsisHeading("%nUsage: ")
        .descriptionHeading("%n")
        .parameterListHeading("%nArguments:%n")
        .optionListHeading("%nOptions:%n")
        .commandListHeading("%nCommands:%n");
    cmd.getSubcommands().values().forEach(Cli::layOutHelp);
  }

  static boolean debugRequested(ParseResult parseResult) {
    for (ParseResult r = parseResult; r != null; r = r.subcommand()) {
      if (r.hasMatchedOption("--debug")) {
        return true;
      }
    }
    return false;
  }
}
