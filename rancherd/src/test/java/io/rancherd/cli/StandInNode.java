package io.rancherd.cli;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.rancherd.standin.StandInArtifacts;
import io.rancherd.standin.StandInProcesses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A node in a temp --root whose runtime is the stand-in, installed through the air-gap path: the
 * artifacts directory, the config, the environment rancherd runs with, and what the tests read
 * back.
 */
final class StandInNode {

  static final String DATA = "var/lib/rancher/rancherd";
  static final String AIRGAP = "/opt/rancherd/airgap";

  final Path root;
  final String runtime;
  final String token;
  final Path config;
  final Map<String, String> env = new LinkedHashMap<>();

  private StandInNode(Path root, String runtime, String token, Path config) {
    this.root = root;
    this.runtime = runtime;
    this.token = token;
    this.config = config;
    env.put("STANDIN_ROOT", root.toString());
  }

  /**
   * Waits until the stand-in's ports are free and writes the air-gap artifacts of {@code runtime}
   * under {@code root}; returns the Kubernetes version they hold.
   */
  private static String prepareAirgap(Path root, String runtime) {
    StandInProcesses.awaitPortsFree(Duration.ofSeconds(30));
    Path airgap = root.resolve(AIRGAP.substring(1));
    if (runtime.equals("k3s")) {
      StandInArtifacts.k3sAirgap(airgap);
      return StandInArtifacts.K3S_VERSION;
    }
    StandInArtifacts.rke2Airgap(airgap);
    return StandInArtifacts.RKE2_VERSION;
  }

  /**
   * A cluster-init node of {@code runtime} (k3s or rke2); {@code extra} is appended to its rancherd
   * config.
   */
  static StandInNode clusterInit(Path root, Path configDir, String runtime, String extra) {
    String version = prepareAirgap(root, runtime);
    String token = "it-" + runtime + "-token-" + Long.toHexString(System.nanoTime());
    Path config =
        Launcher.write(
            configDir.resolve("node.yaml"),
            """
        #cloud-config
        rancherd:
          role: cluster-init
          token: "%s"
          kubernetesVersion: %s
          airgapArtifactsDir: %s
          rancherVersion: v2.8.5
          rancherValues:
            bootstrapPassword: "first-admin-password"
        %s"""
                .formatted(token, version, AIRGAP, extra.indent(2)));
    return new StandInNode(root, runtime, token, config);
  }

  /**
   * A node of {@code runtime} that joins the server at {@code server} as {@code role} (agent or
   * server), named {@code nodeName}, machine ID {@code machineId}, with {@code token} and the
   * stand-in's air-gap artifacts; {@code extra} is appended to its rancherd config.
   */
  static StandInNode joining(
      Path root,
      Path configDir,
      String runtime,
      String role,
      String server,
      String token,
      String nodeName,
      String machineId,
      String extra) {
    String version = prepareAirgap(root, runtime);
    try {
      Files.createDirectories(root.resolve("etc"));
      Files.writeString(root.resolve("etc/machine-id"), machineId + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path config =
        Launcher.write(
            configDir.resolve(nodeName + ".yaml"),
            """
        #cloud-config
        rancherd:
          role: %s
          server: %s
          token: "%s"
          nodeName: %s
          kubernetesVersion: %s
          airgapArtifactsDir: %s
        %s"""
                .formatted(role, server, token, nodeName, version, AIRGAP, extra.indent(2)));
    return new StandInNode(root, runtime, token, config);
  }

  /**
   * Runs {@code bootstrap} to the end or the first failure (--once), with the direct service
   * manager.
   */
  Launcher.Result bootstrap(String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "bootstrap",
                "--once",
                "--service-manager",
                "direct",
                "--config",
                config.toString()));
    args.addAll(List.of(more));
    return Launcher.run(root, env, args.toArray(String[]::new));
  }

  /** {@link #bootstrap(String...)} under the file mode creation mask {@code umask}. */
  Launcher.Result bootstrapWithUmask(String umask) {
    return Launcher.runWithUmask(
        root,
        env,
        umask,
        "bootstrap",
        "--once",
        "--service-manager",
        "direct",
        "--config",
        config.toString());
  }

  Process startBootstrap(Path log) {
    return Launcher.start(
        root,
        env,
        log,
        "bootstrap",
        "--service-manager",
        "direct",
        "--retry-delay",
        "200ms",
        "--config",
        config.toString());
  }

  Launcher.Result run(String... args) {
    return Launcher.run(root, env, args);
  }

  Path path(String machinePath) {
    return root.resolve(machinePath.startsWith("/") ? machinePath.substring(1) : machinePath);
  }

  Path data(String name) {
    return root.resolve(DATA).resolve(name);
  }

  /** The journal's steps, name to state. */
  Map<String, String> steps() {
    Map<String, String> steps = new LinkedHashMap<>();
    Path journal = data("plan/journal.json");
    if (!Files.isRegularFile(journal)) {
      return steps;
    }
    try {
      for (JsonNode step : Launcher.JSON.readTree(Files.readAllBytes(journal))) {
        steps.put(step.get("name").asText(), step.get("state").asText());
      }
    } catch (IOException e) {
      return steps; // being replaced right now; the caller polls again
    }
    return steps;
  }

  /** Waits until the journal shows {@code step} running. */
  void awaitRunning(String step, Process process, Path log) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (Instant.now().isBefore(deadline)) {
      if ("running".equals(steps().get(step))) {
        return;
      }
      if (!process.isAlive()) {
        fail("bootstrap ended before step " + step + " ran:\n" + Launcher.readString(log));
      }
      sleep(5);
    }
    fail("step " + step + " did not start within 60 s: " + steps());
  }

  /**
   * SIGKILLs the bootstrap and the rancherd steps it runs, as a crash would; the runtime's service
   * survives.
   */
  void kill(Process bootstrap) {
    List<ProcessHandle> children = bootstrap.descendants().filter(p -> !isService(p)).toList();
    bootstrap.destroyForcibly();
    children.forEach(ProcessHandle::destroyForcibly);
    try {
      bootstrap.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Stops the bootstrap as {@code systemctl stop} does (SIGTERM to rancherd alone: the unit's
   * KillMode=process) and returns its exit status; then SIGKILLs the rancherd step it left, so that
   * only the runtime's service survives, as after {@link #kill}.
   */
  int terminate(Process bootstrap) throws InterruptedException {
    List<ProcessHandle> children = bootstrap.descendants().filter(p -> !isService(p)).toList();
    bootstrap.destroy();
    if (!bootstrap.waitFor(30, TimeUnit.SECONDS)) {
      bootstrap.destroyForcibly();
      fail("rancherd did not stop within 30 s of SIGTERM");
    }
    children.forEach(ProcessHandle::destroyForcibly);
    return bootstrap.exitValue();
  }

  private boolean isService(ProcessHandle process) {
    return StandInProcesses.find(root).stream()
        .anyMatch(
            s ->
                s.pid() == process.pid()
                    || s.parent().map(ProcessHandle::pid).orElse(-1L) == process.pid());
  }

  void hold(String what, boolean on) {
    Path file = path("/var/lib/standin/hold-" + what);
    try {
      if (on) {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "held by the test\n");
      } else {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Optional<String> serviceLog() {
    return serviceLog(runtime.equals("k3s") ? "k3s" : "rke2-server");
  }

  /** The output of {@code unit} as the direct service manager captured it. */
  Optional<String> serviceLog(String unit) {
    Path log = data("services/" + unit + ".log");
    return Files.isRegularFile(log) ? Optional.of(Launcher.readString(log)) : Optional.empty();
  }

  void stop() {
    StandInProcesses.stopAll(root);
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
