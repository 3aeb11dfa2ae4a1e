package io.rancherd.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "version",
    header = "Print rancherd's version and git commit",
    description =
        "Print the version and the git commit rancherd was built from, as rancherd"
            + " --version does.")
final class VersionCommand implements Callable<Integer> {

  @Mixin HelpOption help;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getOut().println(VersionProvider.line());
    return ExitCodes.OK;
  }
}
