package io.rancherd.cli;

import io.rancherd.error.InvalidInputException;
import io.rancherd.error.RancherdException;
import io.rancherd.service.ServiceManager;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "service",
    hidden = true,
    header = "Enable and start a service (the plan's start step)",
    description = "Enable and start UNIT with the --service-manager.")
final class ServiceCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceCommand.class);

  @Mixin HelpOption help;

  @ParentCommand RancherdCommand parent;

  @Parameters(index = "0", paramLabel = "ACTION", description = "start.")
  String action;

  @Parameters(
      index = "1",
      paramLabel = "UNIT",
      description = "The unit, without .service (k3s, rke2-server, ...).")
  String unit;

  @Override
  public Integer call() throws RancherdException, InterruptedException {
    if (!action.equals("start")) {
      throw new InvalidInputException("service: unknown action '" + action + "'; expected start");
    }
    ServiceManager manager = parent.global.serviceManager();
    LOG.info("Starting {} with {}", unit, manager.name());
    manager.enableAndStart(unit);
    return ExitCodes.OK;
  }
}
