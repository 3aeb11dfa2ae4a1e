package io.rancherd.standin;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Starts and stops stand-in processes for tests. A stand-in belongs to a machine root when its
 * environment has {@code STANDIN_ROOT=<root>} or its pid file is under that root ({@code
 * <root>/var/lib/standin/<rt>-<server|agent>.pid}). Only those are ever stopped.
 */
public final class StandInProcesses {

  /** The fixed ports a stand-in listens on: never run two at once. */
  public static final List<Integer> PORTS = List.of(6443, 9345, 10248, 10257, 10259);

  private static final String MAIN_CLASS = StandIn.class.getName();
  private static final Duration GRACE = Duration.ofSeconds(5);

  private StandInProcesses() {}

  /**
   * Starts {@code command} (a launcher and its arguments, e.g. a unit's {@code ExecStart}) with
   * {@code STANDIN_ROOT=root} plus {@code env}, stdout and stderr appended to {@code log}.
   */
  public static Process start(Path root, List<String> command, Map<String, String> env, Path log)
      throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().keySet().removeIf(StandInProcesses::isRuntimeVariable);
    builder.environment().put(MachineRoot.ENV, root.toAbsolutePath().toString());
    builder.environment().putAll(env);
    return builder.start();
  }

  /** Live stand-in processes that belong to {@code root}. */
  public static List<ProcessHandle> find(Path root) {
    Path normalized = root.toAbsolutePath().normalize();
    Set<ProcessHandle> found = new LinkedHashSet<>();
    for (Path pidFile : pidFiles(normalized)) {
      readPid(pidFile)
          .flatMap(ProcessHandle::of)
          .filter(StandInProcesses::isStandIn)
          .ifPresent(found::add);
    }
    ProcessHandle.allProcesses()
        .filter(StandInProcesses::isStandIn)
        .filter(p -> hasRoot(p, normalized))
        .forEach(found::add);
    return new ArrayList<>(found);
  }

  /**
   * Stops the stand-ins of {@code root}: SIGTERM, then SIGKILL after 5 s. Returns how many there
   * were.
   */
  public static int stopAll(Path root) {
    if (root == null) {
      return 0;
    }
    List<ProcessHandle> processes = find(root);
    processes.forEach(ProcessHandle::destroy);
    for (ProcessHandle process : processes) {
      try {
        process.onExit().get(GRACE.toMillis(), TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        process.destroyForcibly();
      }
    }
    return processes.size();
  }

  /** Stops {@code process} (SIGTERM, then SIGKILL after 5 s); null is ignored. */
  public static void stop(Process process) {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Waits until nothing listens on the stand-in {@link #PORTS} on 127.0.0.1 (a stand-in of an
   * earlier test, or of another build on this machine, may still hold them).
   *
   * @throws IllegalStateException naming the busy ports when {@code timeout} passes
   */
  public static void awaitPortsFree(Duration timeout) {
    awaitPortsFree(timeout, "127.0.0.1");
  }

  /**
   * Waits until nothing listens on the stand-in {@link #PORTS} on {@code address}, e.g. {@code
   * 127.0.0.2} for a stand-in started with {@code STANDIN_BIND_ADDRESS=127.0.0.2}.
   *
   * @throws IllegalStateException naming the busy ports when {@code timeout} passes
   */
  public static void awaitPortsFree(Duration timeout, String address) {
    Instant deadline = Instant.now().plus(timeout);
    List<Integer> busy = busyPorts(address);
    while (!busy.isEmpty()) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(
            "ports "
                + busy
                + " on "
                + address
                + " are still in use after "
                + timeout
                + "; is another stand-in or a real k3s/RKE2 running?");
      }
      sleep(200);
      busy = busyPorts(address);
    }
  }

  static List<Integer> busyPorts(String address) {
    List<Integer> busy = new ArrayList<>();
    for (int port : PORTS) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(address, port), 200);
        busy.add(port);
      } catch (IOException e) {
        // nothing listens there
      }
    }
    return busy;
  }

  private static boolean isRuntimeVariable(String name) {
    return name.startsWith("K3S_")
        || name.startsWith("RKE2_")
        || name.startsWith("INSTALL_K3S_")
        || name.startsWith("INSTALL_RKE2_")
        || name.startsWith("STANDIN_")
        || name.equals("NOTIFY_SOCKET");
  }

  private static List<Path> pidFiles(Path root) {
    Path dir = new MachineRoot(root).standinState();
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".pid")).toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  private static Optional<Long> readPid(Path pidFile) {
    try {
      return Optional.of(Long.parseLong(Files.readString(pidFile).trim()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static boolean isStandIn(ProcessHandle process) {
    return procFile(process, "cmdline").map(cmdline -> cmdline.contains(MAIN_CLASS)).orElse(false);
  }

  private static boolean hasRoot(ProcessHandle process, Path root) {
    return procFile(process, "environ")
        .map(
            environ -> {
              for (String entry : environ.split("\0")) {
                if (entry.startsWith(MachineRoot.ENV + "=")) {
                  String value = entry.substring(MachineRoot.ENV.length() + 1);
                  return !value.isBlank()
                      && Path.of(value).toAbsolutePath().normalize().equals(root);
                }
              }
              return false;
            })
        .orElse(false);
  }

  private static Optional<String> procFile(ProcessHandle process, String name) {
    try {
      return Optional.of(
          new String(
              Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), name)),
              StandardCharsets.UTF_8));
    } catch (IOException | SecurityException e) {
      return Optional.empty();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the stand-in ports", e);
    }
  }
}
