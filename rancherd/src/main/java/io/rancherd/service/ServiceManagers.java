package io.rancherd.service;

import io.rancherd.error.InvalidInputException;
import io.rancherd.exec.ProcessRunner;
import io.rancherd.fs.Root;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Picks the service manager named by {@code --service-manager}. */
public final class ServiceManagers {

  /** The accepted names; {@code auto} is systemd when this host was booted with it, else direct. */
  public static final List<String> NAMES = List.of("auto", "systemd", "direct");

  /** The directory whose presence means the host was booted with systemd. */
  static final Path SYSTEMD_RUNTIME_DIR = Path.of("/run/systemd/system");

  private ServiceManagers() {}

  /** {@code name} when it is one of {@link #NAMES}. */
  public static String checkName(String name) throws InvalidInputException {
    if (!NAMES.contains(name)) {
      throw new InvalidInputException(
          "--service-manager: expected one of "
              + String.join(", ", NAMES)
              + ", found '"
              + name
              + "'");
    }
    return name;
  }

  /**
   * The service manager {@code name} names, on this host.
   *
   * @param servicesDir where the direct manager keeps pid files and service logs (a directory of
   *     the data dir, a real path)
   */
  public static ServiceManager named(String name, Root root, Path servicesDir, ProcessRunner runner)
      throws InvalidInputException {
    return named(name, root, servicesDir, runner, SYSTEMD_RUNTIME_DIR);
  }

  /**
   * @param servicesDir where the direct manager keeps pid files and service logs (a real path)
   * @param systemdRuntimeDir the directory whose presence means the host runs systemd ({@code
   *     /run/systemd/system})
   */
  static ServiceManager named(
      String name, Root root, Path servicesDir, ProcessRunner runner, Path systemdRuntimeDir)
      throws InvalidInputException {
    return switch (checkName(name)) {
      case "systemd" -> new SystemdServiceManager(root, runner);
      case "direct" -> new DirectServiceManager(root, servicesDir);
      case "auto" ->
          Files.isDirectory(systemdRuntimeDir)
              ? new SystemdServiceManager(root, runner)
              : new DirectServiceManager(root, servicesDir);
      default -> throw new IllegalStateException("unchecked service manager " + name);
    };
  }
}
