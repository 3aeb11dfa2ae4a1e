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
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * systemd: {@code systemctl enable --now --no-block}. Not blocking matters: the runtimes' units are
 * {@code Type=notify} with {@code TimeoutStartSec=0}, so a blocking start could wait forever without
 * a word; the plan's probes wait instead and report progress.
 */
final class SystemdServiceManager implements ServiceManager {

  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  private final Root root;
  private final ProcessRunner runner;

  SystemdServiceManager(Root root, ProcessRunner runner) {
    this.root = root;
    this.runner = runner;
  }

  @Override
  public void enableAndStart(String unit) throws RancherdException, InterruptedException {
    if (!root.isSystem()) {
      throw new RancherdException("starting " + unit + ".service: systemd cannot start services under --root "
          + root.dir() + "; use --service-manager direct, or run without --root");
    }
    systemctl("starting " + unit + ".service", "daemon-reload");
    systemctl("starting " + unit + ".service", "enable", "--now", "--no-block", unit + ".service");
  }

  @Override
  public boolean isActive(String unit) throws RancherdException, InterruptedException {
    return run("checking " + unit + ".service", List.of("is-active", "--quiet", unit + ".service")).succeeded();
  }

  @Override
  public String name() {
    return "systemd";
  }

  private void systemctl(String action, String... args) throws RancherdException, InterruptedException {
    ProcessResult result = run(action, List.of(args));
    if (!result.succeeded()) {
      throw new RancherdException(action + ": systemctl " + String.join(" ", args) + " exited with status "
          + result.exitCode() + result.lastOutput());
    }
  }

  private ProcessResult run(String action, List<String> args) throws RancherdException, InterruptedException {
    List<String> argv = new ArrayList<>();
    argv.add("systemctl");
    argv.addAll(args);
    try {
      return runner.run(new ProcessSpec(argv, Map.of(), Path.of("/"), TIMEOUT, "systemctl", Optional.empty()));
    } catch (IOException e) {
      throw new RancherdException(action + ": cannot run systemctl: " + e.getMessage()
          + "; on a host without systemd use --service-manager direct", e);
    }
  }
}
