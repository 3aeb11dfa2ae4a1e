package io.rancherd.reset;

import io.rancherd.error.Causes;
import io.rancherd.error.RancherdException;
import io.rancherd.error.UnexpectedStateException;
import io.rancherd.exec.ProcessResult;
import io.rancherd.exec.ProcessRunner;
import io.rancherd.exec.ProcessSpec;
import io.rancherd.fs.Root;
import io.rancherd.install.ProxyEnvFile;
import io.rancherd.plan.model.Plan;
import io.rancherd.plan.model.PlanFile;
import io.rancherd.runtime.Runtime;
import io.rancherd.service.ServiceManager;
import io.rancherd.service.ServiceStatus;
import io.rancherd.state.BootstrapLock;
import io.rancherd.state.NodeState;
import io.rancherd.state.UpgradeRecord;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Undoes what rancherd did on a node, for a finished or a half-done bootstrap (docs/design.md,
 * "Start over"): stops the runtime's service, runs the uninstall script the runtime's install
 * script wrote (unless the runtime is kept), removes the files of the recorded plan and the proxy
 * lines rancherd wrote, and removes rancherd's data dir. Only what rancherd knows it wrote is
 * removed; the user's own config (config.yaml, its drop-ins, cloud-init's user-data) is not.
 */
public final class NodeReset {

  private static final Duration UNINSTALL_TIMEOUT = Duration.ofMinutes(10);

  private final NodeState state;
  private final ServiceManager services;
  private final ProcessRunner runner;

  public NodeReset(NodeState state, ServiceManager services, ProcessRunner runner) {
    this.state = state;
    this.services = services;
    this.runner = runner;
  }

  /** What a reset would do now, in order; refused while a bootstrap runs. */
  public List<ResetAction> plan(boolean keepRuntime)
      throws RancherdException, InterruptedException {
    Optional<String> running = state.bootstrapRunning();
    if (running.isPresent()) {
      throw new UnexpectedStateException(
          "resetting this node: a bootstrap runs now ("
              + running.get()
              + "); stop it first (systemctl stop rancherd, or end that process), then reset");
    }
    Root root = state.root();
    List<ResetAction> actions = new ArrayList<>();
    Optional<Runtime> runtime = state.runtime();
    if (runtime.isPresent()) {
      for (boolean server : List.of(true, false)) {
        String unit = runtime.get().unit(server);
        if (services.status(unit).state() != ServiceStatus.State.NOT_INSTALLED) {
          actions.add(new ResetAction.StopService(unit, services.name()));
        }
      }
      if (!keepRuntime) {
        runtime.get().uninstallScripts().stream()
            .filter(script -> Files.isRegularFile(root.path(script)))
            .findFirst()
            .ifPresent(script -> actions.add(new ResetAction.RunUninstall(script)));
      }
    }
    Path dataDir = state.dir();
    for (PlanFile file : state.plan().map(Plan::files).orElse(List.of())) {
      Path path = root.path(file.path());
      // a kept runtime keeps its drop-in: it holds the cluster token its datastore was made
      // with, which the next cluster-init bootstrap reuses (a new token would be refused)
      boolean keptDropIn =
          keepRuntime && runtime.map(r -> r.configDropIn().equals(file.path())).orElse(false);
      if (!file.directory() && !path.startsWith(dataDir) && Files.exists(path) && !keptDropIn) {
        actions.add(new ResetAction.RemoveFile(file.path()));
      }
    }
    for (String file : state.upgrade().map(UpgradeRecord::files).orElse(List.of())) {
      ResetAction remove = new ResetAction.RemoveFile(file);
      if (!root.path(file).startsWith(dataDir)
          && Files.isRegularFile(root.path(file))
          && !actions.contains(remove)) {
        actions.add(remove);
      }
    }
    for (Runtime each : Runtime.values()) {
      for (boolean server : List.of(true, false)) {
        each.proxyEnvFile(server)
            .filter(file -> ProxyEnvFile.writtenBy(root, file))
            .ifPresent(file -> actions.add(new ResetAction.RemoveProxyLines(file)));
      }
    }
    if (Files.exists(dataDir)) {
      actions.add(new ResetAction.RemoveDataDir(state.dataDir()));
    }
    return actions;
  }

  /**
   * Does {@code actions}, saying each on {@code progress}, holding the bootstrap lock throughout,
   * so that no bootstrap can start meanwhile; the lock file goes last.
   */
  public void apply(List<ResetAction> actions, Consumer<String> progress)
      throws RancherdException, InterruptedException {
    boolean hasDir = Files.isDirectory(state.dir());
    Optional<BootstrapLock> lock =
        hasDir ? BootstrapLock.tryAcquire(state.dir()) : Optional.empty();
    if (hasDir && lock.isEmpty()) {
      throw new UnexpectedStateException(
          "resetting this node: a bootstrap runs now ("
              + state.bootstrapRunning().orElse("it holds " + BootstrapLock.FILE)
              + "); stop it first (systemctl stop rancherd, or end that process), then reset");
    }
    try {
      for (ResetAction action : actions) {
        progress.accept("Reset: " + action.describe());
        try {
          run(action);
        } catch (IOException e) {
          throw new RancherdException(
              "resetting this node: "
                  + action.describe()
                  + ": "
                  + Causes.describe(e)
                  + "; fix: check that this runs as root and the path is not in use, then run"
                  + " rancherd reset again",
              e);
        }
      }
    } finally {
      if (lock.isPresent()) {
        release(lock.get(), actions, progress);
      }
    }
  }

  /** Releases the lock; when the data dir was removed, its lock file and the dir go too. */
  private void release(BootstrapLock lock, List<ResetAction> actions, Consumer<String> progress) {
    try {
      lock.close();
      if (actions.stream().anyMatch(a -> a instanceof ResetAction.RemoveDataDir)) {
        Files.deleteIfExists(state.dir().resolve(BootstrapLock.FILE));
        Files.deleteIfExists(state.dir());
      }
    } catch (IOException e) {
      progress.accept("Reset: could not remove " + BootstrapLock.FILE + ": " + e.getMessage());
    }
  }

  private void run(ResetAction action) throws RancherdException, InterruptedException, IOException {
    Root root = state.root();
    if (action instanceof ResetAction.StopService stop) {
      services.stop(stop.unit());
    } else if (action instanceof ResetAction.RunUninstall uninstall) {
      uninstall(root.path(uninstall.script()));
    } else if (action instanceof ResetAction.RemoveFile file) {
      Files.deleteIfExists(root.path(file.path()));
    } else if (action instanceof ResetAction.RemoveProxyLines lines) {
      ProxyEnvFile.removeWritten(root, lines.path());
    } else if (action instanceof ResetAction.RemoveDataDir) {
      removeTree(state.dir(), state.dir().resolve(BootstrapLock.FILE));
    }
  }

  private void uninstall(Path script) throws RancherdException, InterruptedException, IOException {
    ProcessResult result =
        runner.run(
            new ProcessSpec(
                List.of("/bin/sh", script.toString()),
                Map.of(),
                Path.of("/"),
                UNINSTALL_TIMEOUT,
                script.getFileName().toString(),
                Optional.empty()));
    if (!result.succeeded()) {
      throw new RancherdException(
          "resetting this node: "
              + script
              + (result.timedOut() ? " did not finish" : " exited " + result.exitCode())
              + result.lastOutput()
              + "; fix what it says and run rancherd reset again");
    }
  }

  /**
   * Removes a directory tree without following a link out of it, all but {@code kept} (the lock,
   * removed once released) and the directories that hold it.
   */
  private static void removeTree(Path dir, Path kept) throws IOException {
    if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            if (!file.equals(kept)) {
              Files.delete(file);
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            if (!kept.startsWith(d)) {
              Files.delete(d);
            }
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
