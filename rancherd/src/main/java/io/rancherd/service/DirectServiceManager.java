package io.rancherd.service;

import io.rancherd.error.RancherdException;
import io.rancherd.fs.AtomicFiles;
import io.rancherd.fs.PrivateTree;
import io.rancherd.fs.Root;
import io.rancherd.fs.UnsafePathException;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
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
 * {@code <state>/services/<unit>.log} (0600) and its pid to {@code <unit>.pid}. The service runs
 * while a process has the recorded pid, is no zombie and started before the pid file was written
 * (after a reboot the pid may belong to another process). There is no restart on failure and
 * nothing starts it again after a reboot ({@link #restartsAtBoot()}): a bootstrap that resumes
 * starts it again; a bootstrapped node needs systemd for that.
 */
final class DirectServiceManager implements ServiceManager {

  private static final Logger LOG = LoggerFactory.getLogger(DirectServiceManager.class);

  /** Where unit files are looked for, in systemd's order of precedence. */
  static final List<String> UNIT_DIRS =
      List.of(
          "/etc/systemd/system",
          "/usr/local/lib/systemd/system",
          "/usr/lib/systemd/system",
          "/lib/systemd/system");

  private static final long STARTUP_CHECK_MILLIS = 500;
  private static final int LOG_LINES = 5;

  /** How much of the end of a service log is read for its last lines. */
  private static final int LOG_TAIL_BYTES = 16 * 1024;

  private final Root root;
  private final Path servicesDir;
  private final PrivateTree dataDir;

  /**
   * @param servicesDir a directory of rancherd's data dir
   */
  DirectServiceManager(Root root, Path servicesDir) {
    this.root = root;
    this.servicesDir = servicesDir;
    this.dataDir = new PrivateTree(servicesDir.getParent());
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
      throw new RancherdException(
          "starting " + unit + ": cannot read " + unitFile + ": " + e.getMessage(), e);
    }
    if (parsed.execStart().isEmpty()) {
      throw new RancherdException("starting " + unit + ": " + unitFile + " has no ExecStart");
    }
    start(unit, parsed);
  }

  /**
   * Ends the process the direct manager started for {@code unit} and every process it started (the
   * runtime's children), politely first, then with SIGKILL after 10 s; forgets its pid.
   */
  @Override
  public void stop(String unit) throws InterruptedException {
    Optional<ProcessHandle> running = running(unit);
    if (running.isPresent()) {
      List<ProcessHandle> all = new ArrayList<>(running.get().descendants().toList());
      all.add(0, running.get());
      all.forEach(ProcessHandle::destroy);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (all.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      all.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
      LOG.info("Stopped {} (pid {})", unit, running.get().pid());
    }
    try {
      Files.deleteIfExists(servicesDir.resolve(unit + ".pid"));
    } catch (IOException e) {
      LOG.debug("forgetting the pid of {}: {}", unit, e.getMessage());
    }
  }

  @Override
  public boolean isActive(String unit) {
    return running(unit).isPresent();
  }

  @Override
  public ServiceStatus status(String unit) {
    Path log = servicesDir.resolve(unit + ".log");
    String wholeLog = "see " + log;
    if (findUnitFile(unit).isEmpty()) {
      return new ServiceStatus(
          ServiceStatus.State.NOT_INSTALLED,
          "no unit file " + unit + ".service",
          List.of(),
          wholeLog);
    }
    Optional<ProcessHandle> running = running(unit);
    if (running.isPresent()) {
      return new ServiceStatus(
          ServiceStatus.State.ACTIVE, "pid " + running.get().pid(), List.of(), wholeLog);
    }
    String detail = recordedPid(unit).map(pid -> "pid " + pid + " exited").orElse("never started");
    return new ServiceStatus(ServiceStatus.State.INACTIVE, detail, lastLines(log), wholeLog);
  }

  @Override
  public String name() {
    return "direct";
  }

  @Override
  public boolean restartsAtBoot() {
    return false;
  }

  /** The last lines of {@code log}, read from its end only (service logs grow large). */
  private static List<String> lastLines(Path log) {
    try (SeekableByteChannel channel = Files.newByteChannel(log)) {
      long start = Math.max(0, channel.size() - LOG_TAIL_BYTES);
      ByteBuffer buffer = ByteBuffer.allocate((int) (channel.size() - start));
      channel.position(start);
      while (buffer.hasRemaining() && channel.read(buffer) > 0) {
        // read to the end
      }
      List<String> lines =
          new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8)
              .lines()
              .filter(l -> !l.isBlank())
              .toList();
      if (start > 0 && !lines.isEmpty()) {
        lines = lines.subList(1, lines.size());
      }
      return lines.subList(Math.max(0, lines.size() - LOG_LINES), lines.size());
    } catch (IOException e) {
      return List.of();
    }
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
      // The log is created 0600 and checked first: the process appends to it by name.
      dataDir.appendable(log);
      ProcessBuilder builder =
          new ProcessBuilder(argv)
              .directory(new File("/"))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      builder.environment().putAll(environment(unit, parsed));
      process = builder.start();
      dataDir.write(
          servicesDir.resolve(unit + ".pid"),
          (process.pid() + "\n").getBytes(StandardCharsets.US_ASCII));
    } catch (UnsafePathException e) {
      throw new RancherdException("starting " + unit + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new RancherdException(
          "starting " + unit + ": cannot run " + parsed.execStart().get(0) + ": " + e.getMessage(),
          e);
    }
    if (process.waitFor(STARTUP_CHECK_MILLIS, TimeUnit.MILLISECONDS)) {
      throw new RancherdException(
          "starting "
              + unit
              + ": "
              + parsed.execStart().get(0)
              + " exited at once with status "
              + process.exitValue()
              + "; see "
              + log);
    }
    LOG.info("Started {} (pid {}), output in {}", unit, process.pid(), log);
  }

  private Map<String, String> environment(String unit, UnitFile parsed) throws RancherdException {
    Map<String, String> env = new LinkedHashMap<>(parsed.environment());
    for (String entry : parsed.environmentFiles()) {
      boolean optional = entry.startsWith("-");
      String path =
          (optional ? entry.substring(1) : entry)
              .replace("%N", unit)
              .replace("%n", unit + ".service");
      Path file = onMachine(path);
      if (!Files.isRegularFile(file)) {
        if (optional) {
          continue;
        }
        throw new RancherdException(
            "starting " + unit + ": its EnvironmentFile " + path + " is missing");
      }
      try {
        env.putAll(UnitFile.environmentFile(Files.readString(file, StandardCharsets.UTF_8)));
      } catch (IOException e) {
        throw new RancherdException(
            "starting " + unit + ": cannot read " + path + ": " + e.getMessage(), e);
      }
    }
    return env;
  }

  /**
   * A path a unit file names, on the machine under --root: a unit installed with the root's
   * directories names them already (k3s's env file); one shipped as is (RKE2's {@code
   * /etc/default/%N}) names the machine's own paths.
   */
  private Path onMachine(String path) {
    Path given = Path.of(path);
    return root.isSystem() || given.startsWith(root.dir()) ? given : root.path(path);
  }

  private Path unitFile(String unit) throws RancherdException {
    Optional<Path> found = findUnitFile(unit);
    if (found.isPresent()) {
      return found.get();
    }
    List<String> tried =
        UNIT_DIRS.stream().map(dir -> root.path(dir + "/" + unit + ".service").toString()).toList();
    throw new RancherdException(
        "starting "
            + unit
            + ": no unit file "
            + unit
            + ".service (looked in "
            + String.join(", ", tried)
            + "); did the install step run?");
  }

  private Optional<Path> findUnitFile(String unit) {
    return UNIT_DIRS.stream()
        .map(dir -> root.path(dir + "/" + unit + ".service"))
        .filter(Files::isRegularFile)
        .findFirst();
  }

  /** The service's process, if the one started here still runs. */
  private Optional<ProcessHandle> running(String unit) {
    Path pidFile = servicesDir.resolve(unit + ".pid");
    Optional<Long> pid = recordedPid(unit);
    if (pid.isEmpty()) {
      return Optional.empty();
    }
    Instant written;
    try {
      written = Files.getLastModifiedTime(pidFile).toInstant();
    } catch (IOException e) {
      return Optional.empty();
    }
    return AtomicFiles.runningSince(pid.get(), written).filter(p -> !ProcStat.exited(p.pid()));
  }

  /** The pid in {@code <unit>.pid}, if the unit was ever started here. */
  private Optional<Long> recordedPid(String unit) {
    Path pidFile = servicesDir.resolve(unit + ".pid");
    try {
      return Optional.of(
          Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).trim()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }
}
