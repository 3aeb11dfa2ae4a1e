package io.rancherd.cli;

import io.rancherd.error.UnexpectedStateException;
import io.rancherd.token.ServerToken;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "get-token", mixinStandardHelpOptions = true,
    description = {
      "On a server node: print the secure join token (K10...); joining nodes that use it verify the cluster CA.",
      "Exits 3 on an agent node or before the runtime is installed.",
    })
final class GetTokenCommand implements Callable<Integer> {

  @ParentCommand RancherdCommand parent;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws UnexpectedStateException {
    String token = ServerToken.read(parent.global.settings(Optional.empty()).root()).reveal();
    spec.commandLine().getOut().println(token);
    return ExitCodes.OK;
  }
}
