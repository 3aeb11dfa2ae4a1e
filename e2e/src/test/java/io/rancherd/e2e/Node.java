package io.rancherd.e2e;

import com.github.dockerjava.api.model.Capability;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assertions;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.images.builder.Transferable;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * One node: a container of the {@link NodeImage} that boots systemd as PID 1 (no {@code
 * --privileged}: the capabilities, security options and tmpfs mounts systemd needs), on the
 * scenario's network under its host name, with the {@link StandInKit} mounted. Files (a cloud-init
 * seed, rancherd's config) are put in place before it boots. Everything it prints is redacted.
 */
final class Node implements AutoCloseable {

  static final String DATA_DIR = "/var/lib/rancher/rancherd";
  static final String STAMP = DATA_DIR + "/bootstrapped";

  /**
   * How long a node may take from boot to bootstrapped, or to have its runtime active again after a
   * reboot.
   */
  static final Duration BOOTSTRAP_LIMIT = Duration.ofMinutes(4);

  private static final Duration BOOT_LIMIT = Duration.ofMinutes(2);
  private static final int EXEC_LIMIT_SECONDS = 120;

  /**
   * The boot is over: every start-up job finished (cloud-init's runcmd and rancherd.service among
   * them).
   */
  private static final Set<String> BOOT_OVER = Set.of("running", "degraded");

  /** systemd is past basic.target and runs the late start-up jobs, or is done. */
  private static final Set<String> BOOTED = Set.of("starting", "running", "degraded");

  /**
   * A running {@code rancherd bootstrap}, as a pattern that does not match the command line of the
   * exec that looks for it.
   */
  private static final String RANCHERD_BOOTSTRAP = "io[.]rancherd[.]Main bootstrap";

  private final String name;
  private final Secrets secrets;
  private final GenericContainer<?> container;
  private Instant started;

  Node(String image, String name, Network network, Secrets secrets) {
    this.name = name;
    this.secrets = secrets;
    this.container =
        new GenericContainer<>(image)
            .withNetwork(network)
            .withNetworkAliases(name)
            .withEnv("container", "docker")
            .withTmpFs(Map.of("/run", "rw", "/run/lock", "rw", "/tmp", "rw"))
            .withFileSystemBind("/sys/fs/cgroup", "/sys/fs/cgroup", BindMode.READ_WRITE)
            .withFileSystemBind(
                StandInKit.ensure().toString(), StandInKit.MOUNT, BindMode.READ_ONLY)
            .withCommand("/sbin/init")
            .withCreateContainerCmdModifier(
                create -> {
                  create.withHostName(name).withStopSignal("SIGRTMIN+3");
                  create
                      .getHostConfig()
                      .withCapAdd(Capability.SYS_ADMIN, Capability.NET_ADMIN)
                      .withSecurityOpts(List.of("seccomp=unconfined", "apparmor=unconfined"));
                });
  }

  String name() {
    return name;
  }

  /** Puts {@code content} at {@code path} (mode {@code mode}) before the node boots. */
  Node withFile(String path, String content, int mode) {
    container.withCopyToContainer(Transferable.of(content, mode), path);
    return this;
  }

  /**
   * A NoCloud seed: cloud-init applies {@code userData} at the first boot of instance {@code name}.
   */
  Node withUserData(String userData) {
    withFile(
        "/var/lib/cloud/seed/nocloud/meta-data",
        "instance-id: iid-" + name + "\nlocal-hostname: " + name + "\n",
        0644);
    return withFile("/var/lib/cloud/seed/nocloud/user-data", userData, 0644);
  }

  /** Boots the node (no wait for systemd: see {@link #awaitBooted()}). */
  void start() {
    started = Instant.now();
    container.start();
  }

  /** When {@link #start()} was called. */
  Instant started() {
    return started;
  }

  /**
   * Waits until systemd reports the system {@code starting} (past basic.target), {@code running} or
   * {@code degraded}.
   */
  void awaitBooted() {
    Await.until(
        name + " booted (systemctl is-system-running)",
        BOOT_LIMIT,
        () -> BOOTED.contains(systemState()),
        this::diagnostics);
  }

  private String systemState() {
    return exec("systemctl", "is-system-running").getStdout().trim();
  }

  /**
   * Restarts the container, as a reboot: systemd stops on SIGRTMIN+3, /run and /tmp start empty.
   */
  void reboot() {
    LocalImages.client().restartContainerCmd(container.getContainerId()).withTimeout(60).exec();
    awaitBooted();
  }

  /** Runs {@code command} in the node, bounded to two minutes (then exit code 124). */
  Container.ExecResult exec(String... command) {
    List<String> bounded =
        new ArrayList<>(List.of("timeout", Integer.toString(EXEC_LIMIT_SECONDS)));
    bounded.addAll(List.of(command));
    try {
      return container.execInContainer(bounded.toArray(String[]::new));
    } catch (IOException e) {
      throw new IllegalStateException("exec in " + name + " failed: " + command[0], e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted exec in " + name, e);
    }
  }

  /**
   * As {@link #exec}, failing the test (with the redacted output) unless it exits 0; returns
   * stdout.
   */
  String run(String... command) {
    Container.ExecResult result = exec(command);
    if (result.getExitCode() != 0) {
      Assertions.fail(
          name
              + ": "
              + String.join(" ", command)
              + " exited "
              + result.getExitCode()
              + "\n"
              + secrets.redact(result.getStdout() + result.getStderr()));
    }
    return result.getStdout();
  }

  /** {@code sh -c script}. */
  Container.ExecResult shell(String script) {
    return exec("sh", "-c", script);
  }

  boolean exists(String path) {
    return exec("test", "-e", path).getExitCode() == 0;
  }

  String read(String path) {
    return run("cat", path);
  }

  boolean isBootstrapped() {
    return exists(STAMP);
  }

  /** The {@code bootstrapped} stamp's fields. */
  Map<String, Object> stamp() {
    return yaml(read(STAMP));
  }

  /**
   * Waits until the node is bootstrapped (the stamp exists); gives up early when the boot has
   * finished (cloud-init's runcmd and rancherd.service included) and no rancherd bootstrap runs.
   */
  void awaitBootstrapped() {
    Await.until(
        name + " bootstrapped (" + STAMP + ")",
        BOOTSTRAP_LIMIT,
        this::isBootstrapped,
        this::bootstrapOver,
        this::diagnostics);
  }

  /**
   * The measurement the issue asks for, on stdout: container start to the stamp's modification
   * time.
   */
  void printBootToBootstrapped() {
    double stampEpoch = Double.parseDouble(run("stat", "-c", "%.3Y", STAMP).trim());
    Instant stamped = Instant.ofEpochMilli(Math.round(stampEpoch * 1000));
    System.out.printf(
        "E2E %s: boot to bootstrapped %.1f s (container start to %s)%n",
        name, Duration.between(started, stamped).toMillis() / 1000.0, STAMP);
  }

  private boolean bootstrapOver() {
    return BOOT_OVER.contains(systemState())
        && exec("pgrep", "-f", RANCHERD_BOOTSTRAP).getExitCode() != 0;
  }

  /** Whether a systemd unit is active. */
  boolean active(String unit) {
    return exec("systemctl", "is-active", "--quiet", unit).getExitCode() == 0;
  }

  /** Waits until a systemd unit is active (the runtime, after a reboot). */
  void awaitActive(String unit) {
    Await.until(
        unit + " active on " + name, BOOTSTRAP_LIMIT, () -> active(unit), this::diagnostics);
  }

  /** The IPv4 address on the scenario network. */
  String address() {
    return container
        .getContainerInfo()
        .getNetworkSettings()
        .getNetworks()
        .values()
        .iterator()
        .next()
        .getIpAddress();
  }

  /** What to read when a wait fails: systemd, cloud-init, rancherd's status and logs, redacted. */
  String diagnostics() {
    if (!container.isRunning()) {
      return "--- " + name + " --- (not running)\n" + secrets.redact(container.getLogs());
    }
    Container.ExecResult result =
        shell(
            """
        echo "=== systemctl is-system-running: $(systemctl is-system-running)"; systemctl --failed --no-pager --plain
        echo "=== cloud-init status"; cloud-init status --long 2>&1 | head -20
        echo "=== rancherd status"; rancherd status 2>&1
        echo "=== journalctl -u rancherd"; journalctl -b -u rancherd --no-pager -n 60 2>&1
        echo "=== cloud-init-output.log"; tail -n 80 /var/log/cloud-init-output.log 2>&1
        echo "=== runtime units"; journalctl -b -u k3s -u k3s-agent -u rke2-server -u rke2-agent --no-pager -n 30 2>&1
        """);
    return "--- " + name + " ---\n" + secrets.redact(result.getStdout() + result.getStderr());
  }

  @Override
  public void close() {
    container.stop();
  }

  static Map<String, Object> yaml(String text) {
    Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    if (!(doc instanceof Map<?, ?> map)) {
      throw new IllegalStateException("not a YAML mapping: " + text);
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> fields = (Map<String, Object>) map;
    return fields;
  }
}
