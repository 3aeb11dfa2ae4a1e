package io.rancherd.cli;

import io.rancherd.bootstrap.Settings;
import io.rancherd.error.InvalidInputException;
import io.rancherd.exec.ProcessRunner;
import io.rancherd.exec.SystemProcessRunner;
import io.rancherd.fs.Root;
import io.rancherd.service.ServiceManager;
import io.rancherd.service.ServiceManagers;
import io.rancherd.state.NodeState;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Options every command takes; they may be given before or after the command name. Their defaults
 * come from RANCHERD_ROOT, RANCHERD_DATA_DIR and RANCHERD_SERVICE_MANAGER when set: that is how the
 * plan's own rancherd instructions inherit the options of the bootstrap that runs them.
 */
final class GlobalOptions {

  @Option(
      names = "--root",
      scope = ScopeType.INHERIT,
      paramLabel = "DIR",
      defaultValue = "${env:RANCHERD_ROOT:-/}",
      description =
          "Prefix for every absolute path rancherd reads or writes (default:"
              + " ${DEFAULT-VALUE}).")
  Path root;

  @Option(
      names = "--data-dir",
      scope = ScopeType.INHERIT,
      paramLabel = "DIR",
      defaultValue = "${env:RANCHERD_DATA_DIR:-" + NodeState.DEFAULT_DATA_DIR + "}",
      description = "rancherd's state directory, under --root (default: ${DEFAULT-VALUE}).")
  String dataDir;

  @Option(
      names = "--service-manager",
      scope = ScopeType.INHERIT,
      paramLabel = "NAME",
      defaultValue = "${env:RANCHERD_SERVICE_MANAGER:-auto}",
      description =
          "How the runtime's service is started: systemd, direct (run the unit's ExecStart without"
              + " a service manager: containers and hosts without systemd), or auto: systemd when"
              + " this host runs it, else direct (default: ${DEFAULT-VALUE}).")
  String serviceManager;

  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description = "Log debug messages and print stack traces of errors.")
  boolean debug;

  Settings settings(Optional<Path> configFile) {
    String dir = dataDir.startsWith("/") ? dataDir : Path.of(dataDir).toAbsolutePath().toString();
    return new Settings(new Root(root), dir, configFile, selfCommand());
  }

  /** The service manager that --service-manager names. */
  ServiceManager serviceManager() throws InvalidInputException {
    return serviceManager(new SystemProcessRunner());
  }

  /**
   * The service manager that --service-manager names, running systemctl and journalctl with {@code
   * runner}.
   */
  ServiceManager serviceManager(ProcessRunner runner) throws InvalidInputException {
    Settings settings = settings(Optional.empty());
    return ServiceManagers.named(
        serviceManager, settings.root(), settings.state().servicesDir(), runner);
  }

  /** Checks --service-manager before a long job relies on it. */
  String serviceManagerName() throws InvalidInputException {
    return ServiceManagers.checkName(serviceManager);
  }

  static String selfCommand() {
    return System.getProperty("rancherd.self", "/usr/bin/rancherd");
  }
}
