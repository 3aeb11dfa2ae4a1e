package io.rancherd.service;

import io.rancherd.error.RancherdException;
import io.rancherd.exec.ProcessResult;
import io.rancherd.exec.ProcessRunner;
import io.rancherd.exec.ProcessSpec;
import io.rancherd.fs.Root;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * systemd: {@code systemctl enable --now --no-block}. Not blocking matters: the runtimes' units are
 * {@code Type=notify} with {@code TimeoutStartSec=0}, so a blocking start could wait forever
 * without a word; the plan's probes wait instead and report progress. The status comes from {@code
 * systemctl show} and the last log lines from {@code journalctl}.
 */
final class SystemdServiceManager implements ServiceManager {

  private static final Duration TIMEOUT = Duration.ofMinutes(2);
  private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(10);
  static final int LOG_LINES = 5;

  private final Root root;
  private final ProcessRunner runner;

  SystemdServiceManager(Root root, ProcessRunner runner) {
    this.root = root;
    this.runner = runner;
  }

  @Override
  public void enableAndStart(String unit) throws RancherdException, InterruptedException {
    if (!root.isSystem()) {
      throw new RancherdException(
          "starting "
              + unit
              + ".service: systemd cannot start services under --root "
              + root.dir()
              + "; use --service-manager direct, or run without --root");
    }
    systemctl("starting " + unit + ".service", "daemon-reload");
    systemctl("starting " + unit + ".service", "enable", "--now", "--no-block", unit + ".service");
  }

  @Override
  public void stop(String unit) throws RancherdException, InterruptedException {
    if (!root.isSystem()) {
      throw new RancherdException(
          "stopping "
              + unit
              + ".service: systemd cannot stop services under --root "
              + root.dir()
              + "; use --service-manager direct, or run without --root");
    }
    systemctl("stopping " + unit + ".service", "disable", "--now", unit + ".service");
  }

  @Override
  public boolean isActive(String unit) throws RancherdException, InterruptedException {
    return run("checking " + unit + ".service", List.of("is-active", "--quiet", unit + ".service"))
        .succeeded();
  }

  @Override
  public ServiceStatus status(String unit) throws InterruptedException {
    if (!root.isSystem()) {
      return ServiceStatus.unknown("systemd cannot report on services under --root " + root.dir());
    }
    ProcessResult show;
    try {
      show =
          query(
              List.of(
                  "systemctl",
                  "show",
                  "--property=LoadState,ActiveState,SubState",
                  unit + ".service"));
    } catch (IOException e) {
      return ServiceStatus.unknown("cannot run systemctl: " + e.getMessage());
    }
    if (!show.succeeded()) {
      return ServiceStatus.unknown(
          "systemctl show "
              + unit
              + ".service exited with status "
              + show.exitCode()
              + show.lastOutput());
    }
    Map<String, String> properties = properties(show.tail());
    String wholeLog = "journalctl -u " + unit;
    if ("not-found".equals(properties.get("LoadState"))) {
      return new ServiceStatus(
          ServiceStatus.State.NOT_INSTALLED, "no unit " + unit + ".service", List.of(), wholeLog);
    }
    String active = properties.getOrDefault("ActiveState", "unknown");
    String sub = properties.getOrDefault("SubState", "");
    String detail = sub.isEmpty() || sub.equals(active) ? active : active + "/" + sub;
    if (active.equals("active")) {
      return new ServiceStatus(ServiceStatus.State.ACTIVE, detail, List.of(), wholeLog);
    }
    return new ServiceStatus(ServiceStatus.State.INACTIVE, detail, lastLogLines(unit), wholeLog);
  }

  @Override
  public String name() {
    return "systemd";
  }

  @Override
  public boolean restartsAtBoot() {
    return true;
  }

  private List<String> lastLogLines(String unit) throws InterruptedException {
    try {
      ProcessResult journal =
          query(
              List.of(
                  "journalctl",
                  "-u",
                  unit + ".service",
                  "-n",
                  String.valueOf(LOG_LINES),
                  "--no-pager",
                  "--output=cat"));
      List<String> tail = journal.tail();
      return journal.succeeded()
          ? tail.subList(Math.max(0, tail.size() - LOG_LINES), tail.size())
          : List.of();
    } catch (IOException e) {
      return List.of();
    }
  }

  private ProcessResult query(List<String> argv) throws IOException, InterruptedException {
    return runner.run(
        new ProcessSpec(
            argv, Map.of(), Path.of("/"), QUERY_TIMEOUT, argv.get(0), Optional.empty()));
  }

  /** The {@code Key=value} lines of {@code systemctl show}. */
  private static Map<String, String> properties(List<String> lines) {
    Map<String, String> properties = new LinkedHashMap<>();
    for (String line : lines) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        properties.put(line.substring(0, eq), line.substring(eq + 1).trim());
      }
    }
    return properties;
  }

  private void systemctl(String action, String... args)
      throws RancherdException, InterruptedException {
    ProcessResult result = run(action, List.of(args));
    if (!result.succeeded()) {
      throw new RancherdException(
          action
              + ": systemctl "
              + String.join(" ", args)
              + " exited with status "
              + result.exitCode()
              + result.lastOutput());
    }
  }

  private ProcessResult run(String action, List<String> args)
      throws RancherdException, InterruptedException {
    List<String> argv = new ArrayList<>();
    argv.add("systemctl");
    argv.addAll(args);
    try {
      return runner.run(
          new ProcessSpec(argv, Map.of(), Path.of("/"), TIMEOUT, "systemctl", Optional.empty()));
    } catch (IOException e) {
      throw new RancherdException(
          action
              + ": cannot run systemctl: "
              + e.getMessage()
              + "; on a host without systemd use --service-manager direct",
          e);
    }
  }
}
