package io.rancherd.service;

import io.rancherd.error.RancherdException;
import io.rancherd.fs.AtomicFiles;
import io.rancherd.fs.Root;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a unit's {@code ExecStart} without a service manager, for hosts that have none (containers,
 * tests): the process is started in its own session with the unit's environment, its output goes to
 * {@code <state>/services/<unit>.log} and its pid to {@code <unit>.pid}. There is no restart on
 * failure and nothing starts it again after a reboot; use systemd for that.
 */
final class DirectServiceManager implements ServiceManager {

  private static final Logger LOG = LoggerFactory.getLogger(DirectServiceManager.class);

  /** Where unit files are looked for, in systemd's order of precedence. */
  static final List<String> UNIT_DIRS = List.of(
      "/etc/systemd/system", "/usr/local/lib/systemd/system", "/usr/lib/systemd/system", "/lib/systemd/system");

  private static final long STARTUP_CHECK_MILLIS = 500;

  private final Root root;
  private final Path servicesDir;

  DirectServiceManager(Root root, Path stateDir) {
    this.root = root;
    this.servicesDir = stateDir.resolve("services");
  }

  @Override
  public void enableAndStart(String unit) throws RancherdException, InterruptedException {
    Optional<ProcessHandle> running = running(unit);
    if (running.isPresent()) {
      LOG.info("{} runs already (pid {})", unit, running.get().pid());
      return;
    }
    Path unitFile = unitFile(unit);
    UnitFile parsed;
    try {
      parsed = UnitFile.parse(Files.readString(unitFile, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new RancherdException("starting " + unit + ": cannot read " + unitFile + ": " + e.getMessage(), e);
    }
    if (parsed.execStart().isEmpty()) {
      throw new RancherdException("starting " + unit + ": " + unitFile + " has no ExecStart");
    }
    start(unit, parsed);
  }

  @Override
  public boolean isActive(String unit) {
    return running(unit).isPresent();
  }

  @Override
  public String name() {
    return "direct";
  }

  private void start(String unit, UnitFile parsed) throws RancherdException, InterruptedException {
    Path log = servicesDir.resolve(unit + ".log");
    List<String> argv = new ArrayList<>();
    if (new File("/usr/bin/setsid").canExecute()) {
      argv.add("/usr/bin/setsid");
    }
    argv.addAll(parsed.execStart());
    Process process;
    try {
      AtomicFiles.createDirectories(servicesDir, AtomicFiles.PRIVATE_DIR);
      ProcessBuilder builder = new ProcessBuilder(argv).directory(new File("/")).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      builder.environment().putAll(environment(unit, parsed));
      process = builder.start();
      AtomicFiles.writePrivate(servicesDir.resolve(unit + ".pid"),
          (process.pid() + "\n").getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new RancherdException("starting " + unit + ": cannot run " + parsed.execStart().get(0) + ": "
          + e.getMessage(), e);
    }
    if (process.waitFor(STARTUP_CHECK_MILLIS, TimeUnit.MILLISECONDS)) {
      throw new RancherdException("starting " + unit + ": " + parsed.execStart().get(0) + " exited at once with status "
          + process.exitValue() + "; see " + log);
    }
    LOG.info("Started {} (pid {}), output in {}", unit, process.pid(), log);
  }

  private Map<String, String> environment(String unit, UnitFile parsed) throws RancherdException {
    Map<String, String> env = new LinkedHashMap<>(parsed.environment());
    for (String entry : parsed.environmentFiles()) {
      boolean optional = entry.startsWith("-");
      String path = (optional ? entry.substring(1) : entry).replace("%N", unit).replace("%n", unit + ".service");
      Path file = Path.of(path);
      if (!Files.isRegularFile(file)) {
        if (optional) {
          continue;
        }
        throw new RancherdException("starting " + unit + ": its EnvironmentFile " + path + " is missing");
      }
      try {
        env.putAll(UnitFile.environmentFile(Files.readString(file, StandardCharsets.UTF_8)));
      } catch (IOException e) {
        throw new RancherdException("starting " + unit + ": cannot read " + path + ": " + e.getMessage(), e);
      }
    }
    return env;
  }

  private Path unitFile(String unit) throws RancherdException {
    List<String> tried = new ArrayList<>();
    for (String dir : UNIT_DIRS) {
      Path candidate = root.path(dir + "/" + unit + ".service");
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
      tried.add(candidate.toString());
    }
    throw new RancherdException("starting " + unit + ": no unit file " + unit + ".service (looked in "
        + String.join(", ", tried) + "); did the install step run?");
  }

  private Optional<ProcessHandle> running(String unit) {
    Path pidFile = servicesDir.resolve(unit + ".pid");
    try {
      long pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).trim());
      return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }
}
