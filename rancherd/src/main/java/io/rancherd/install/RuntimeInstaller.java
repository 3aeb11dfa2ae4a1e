package io.rancherd.install;

import io.rancherd.download.DownloadClient;
import io.rancherd.error.RancherdException;
import io.rancherd.exec.ProcessResult;
import io.rancherd.exec.ProcessRunner;
import io.rancherd.exec.ProcessSpec;
import io.rancherd.fs.Root;
import io.rancherd.runtime.Runtime;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs k3s or RKE2 with its official install script and the documented variables
 * (docs/runtimes.md §1.1, §1.2). The {@link InstallSource} of the request makes the script and its
 * inputs ready (an air-gap directory, or a download); this class runs it. Under a --root other than
 * {@code /} the scripts' install directories are moved under it.
 */
public final class RuntimeInstaller {

  private static final Logger LOG = LoggerFactory.getLogger(RuntimeInstaller.class);

  private final Root root;
  private final String dataDir;
  private final ProcessRunner runner;
  private final ReleaseSource releases;
  private final Map<String, String> environment;
  private final String arch;
  private final Duration timeout;

  /**
   * An installer whose online source asks the real channel servers and install-script hosts, over
   * verified HTTPS with the proxy from {@code environment}.
   *
   * @param environment this process's environment (the plan instruction's variables are in it)
   */
  public static RuntimeInstaller online(
      Root root,
      String dataDir,
      ProcessRunner runner,
      Map<String, String> environment,
      String arch,
      Duration timeout) {
    return new RuntimeInstaller(
        root, dataDir, runner, new OnlineReleases(environment), environment, arch, timeout);
  }

  RuntimeInstaller(
      Root root,
      String dataDir,
      ProcessRunner runner,
      ReleaseSource releases,
      Map<String, String> environment,
      String arch,
      Duration timeout) {
    this.root = root;
    this.dataDir = dataDir;
    this.runner = runner;
    this.releases = releases;
    this.environment = Map.copyOf(environment);
    this.arch = arch;
    this.timeout = timeout;
  }

  /**
   * Installs the runtime; returns the exact version installed, or empty when the artifacts decide
   * it.
   */
  public Optional<String> install(InstallRequest request)
      throws RancherdException, InterruptedException {
    Runtime runtime = request.runtime();
    Optional<String> pinned =
        Optional.ofNullable(environment.get(runtime.installEnvPrefix() + "VERSION"))
            .filter(v -> !v.isEmpty());
    InstallSource.Prepared prepared =
        InstallSources.choose(
                request,
                root,
                dataDir,
                arch,
                releases,
                request.image().isPresent() ? DownloadClient.client(environment) : null)
            .prepare(request, pinned);
    Map<String, String> env = new LinkedHashMap<>(prepared.variables());
    env.putAll(rootDirectories(runtime));
    run(runtime, prepared.script(), env);
    Optional<String> envFile = runtime.proxyEnvFile(request.server());
    if (envFile.isPresent()) {
      try {
        ProxyEnvFile.write(root, envFile.get(), environment, request.noProxy())
            .ifPresent(
                written ->
                    LOG.info(
                        "{} gets the proxy rancherd runs with, in {}: {}",
                        runtime,
                        envFile.get(),
                        written));
      } catch (IOException e) {
        throw new RancherdException(
            "installing "
                + runtime
                + ": writing the proxy variables to "
                + envFile.get()
                + ": "
                + e.getMessage(),
            e);
      }
    }
    return prepared.version();
  }

  /** The install scripts' directory variables, moved under a --root other than {@code /}. */
  private Map<String, String> rootDirectories(Runtime runtime) {
    return root.isSystem()
        ? Map.of()
        : runtime.installDirectoryVariables(path -> root.path(path).toString());
  }

  private void run(Runtime runtime, Path script, Map<String, String> env)
      throws RancherdException, InterruptedException {
    Map<String, String> shown = new TreeMap<>();
    environment.forEach(
        (k, v) -> {
          if (k.startsWith(runtime.installEnvPrefix())) {
            shown.put(k, v);
          }
        });
    shown.putAll(env);
    LOG.info("Running {} with {}", script, shown);
    ProcessResult result;
    try {
      result =
          runner.run(
              new ProcessSpec(
                  List.of("/bin/sh", script.toString()),
                  // the instruction's variables are passed, not inherited: the step may run in
                  // the JVM of the bootstrap, whose own environment does not hold them
                  shown,
                  script.getParent(),
                  timeout,
                  "install.sh",
                  Optional.empty()));
    } catch (IOException e) {
      throw new RancherdException(
          "installing " + runtime + ": cannot run " + script + ": " + e.getMessage(), e);
    }
    if (!result.succeeded()) {
      String cause =
          result.timedOut()
              ? "did not finish within " + timeout.toMinutes() + " min"
              : "exited with status " + result.exitCode();
      throw new RancherdException(
          "installing "
              + runtime
              + ": "
              + script.getFileName()
              + " "
              + cause
              + result.lastOutput());
    }
  }
}
