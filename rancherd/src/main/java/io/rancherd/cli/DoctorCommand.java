package io.rancherd.cli;

import io.rancherd.bootstrap.Settings;
import io.rancherd.doctor.Doctor;
import io.rancherd.doctor.DoctorContext;
import io.rancherd.doctor.DoctorReport;
import io.rancherd.doctor.Resolver;
import io.rancherd.error.InvalidInputException;
import io.rancherd.exec.SystemProcessRunner;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "doctor",
    header = "Check this node and say what to fix",
    description = {
      "Check the config, the role, the server's DNS, TCP and TLS, the clock, the node"
          + " name, the proxy variables, the runtime's service and rancherd's own records."
          + " Each check prints one line: PASS, WARN, FAIL (with its fix) or SKIP (does not"
          + " apply now, with the reason).",
      "",
      "Works before, during and after a bootstrap, on any role; changes nothing and"
          + " sends no secret.",
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:no check failed (warnings and skips allowed)",
      "1:at least one check failed",
      "2:invalid command line",
    })
final class DoctorCommand implements Callable<Integer> {

  @Mixin HelpOption help;

  /** How the report is printed. */
  enum Output {
    text,
    json
  }

  static final Duration TIMEOUT = Duration.ofSeconds(5);

  @ParentCommand RancherdCommand parent;
  @Mixin ConfigOption config;
  @Spec CommandSpec spec;

  @Option(
      names = "--output",
      defaultValue = "text",
      paramLabel = "FORMAT",
      description =
          "text (one line per check) or json (checks and the number failed); default:"
              + " ${DEFAULT-VALUE}.")
  Output output;

  @Override
  public Integer call() throws InvalidInputException, InterruptedException {
    Settings settings = parent.global.settings(config.file());
    DoctorContext context =
        DoctorContext.load(
            settings.state(),
            settings.configSources(),
            System.getenv(),
            Resolver.SYSTEM,
            Clock.systemUTC(),
            parent.global.serviceManager(SystemProcessRunner.quiet()),
            TIMEOUT);
    DoctorReport report = Doctor.standard().run(context);
    PrintWriter out = spec.commandLine().getOut();
    if (output == Output.json) {
      out.println(report.json());
    } else {
      report.lines().forEach(out::println);
    }
    out.flush();
    return report.failed() == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
  }
}
