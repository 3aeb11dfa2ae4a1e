package io.rancherd.discovery;

import io.rancherd.testing.Commands;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A test bed of network namespaces ("hosts") on one Linux bridge: each host has a veth {@code eth0}
 * with an address in {@value #SUBNET}.0/24 and a default route via the bridge ({@value #GATEWAY}),
 * so programs in it pick {@code eth0} as the interface of their default route, and multicast
 * crosses the bridge. Names start with {@value #PREFIX} (namespaces, host-side veths, the bridge
 * {@value #BRIDGE}); when iptables exists, a FORWARD rule lets traffic cross the bridge (Docker's
 * DROP policy would stop it otherwise).
 *
 * <p>One bed at a time on a machine: {@link #open()} takes an exclusive lock on {@value #LOCK_FILE}
 * (released by the kernel even when the JVM crashes), and then removes whatever a crashed earlier
 * run left behind. {@link #close()} ends every process in the bed's namespaces and removes
 * everything it created.
 *
 * <p>Needs root and {@code ip} (iproute2): {@link #assumeUsable(String...)} skips a test without
 * them, or fails it when the system property {@value #REQUIRE_PROPERTY} or the environment variable
 * {@value #REQUIRE_ENV} is {@code true} (CI).
 */
public final class NetnsBed implements AutoCloseable {

  public static final String PREFIX = "rdit";
  public static final String BRIDGE = PREFIX + "br0";
  public static final String SUBNET = "10.78.0";
  public static final String GATEWAY = SUBNET + ".1";
  public static final String REQUIRE_PROPERTY = "rancherd.requireNetns";

  /** The environment variable that requires the bed too (set by .ci/run). */
  public static final String REQUIRE_ENV = "RANCHERD_REQUIRE_NETNS";

  /** Whether the tests must run here: the system property or the environment variable is true. */
  static boolean required() {
    return Boolean.getBoolean(REQUIRE_PROPERTY)
        || "true".equalsIgnoreCase(System.getenv(REQUIRE_ENV));
  }

  static final String LOCK_FILE = "/tmp/rancherd-rdit-netns.lock";
  private static final Duration LOCK_WAIT = Duration.ofMinutes(5);
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

  /** One namespace of the bed. */
  public record Host(String name, String address) {

    /** The host-side end of its veth pair. */
    String veth() {
      return name + "v";
    }

    @Override
    public String toString() {
      return name + " (" + address + ")";
    }
  }

  /** What a command gave. */
  public record Result(List<String> command, int exitCode, String stdout, String stderr) {

    public String describe() {
      return "command: "
          + String.join(" ", command)
          + "\nexit code: "
          + exitCode
          + "\n--- stdout ---\n"
          + stdout
          + "\n--- stderr ---\n"
          + stderr
          + "\n--- end ---";
    }

    /** This result, when the command succeeded. */
    public Result orThrow() {
      if (exitCode != 0) {
        throw new IllegalStateException("command failed:\n" + describe());
      }
      return this;
    }
  }

  private final FileChannel lockChannel;
  private final FileLock lock;
  private final Map<String, Host> hosts = new LinkedHashMap<>();
  private final List<Process> started = new ArrayList<>();
  private boolean forwardRule;
  private boolean closed;

  private NetnsBed(FileChannel lockChannel, FileLock lock) {
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  // ---------------------------------------------------------------- availability

  /**
   * Why the bed cannot work on this machine (not root, {@code ip} or one of {@code tools} missing),
   * or empty when it can.
   */
  public static Optional<String> unusable(String... tools) {
    if (!isRoot()) {
      return Optional.of("network namespaces need root (this JVM runs as uid " + uid() + ")");
    }
    List<String> needed = new ArrayList<>(List.of("ip"));
    needed.addAll(List.of(tools));
    for (String tool : needed) {
      if (which(tool).isEmpty()) {
        return Optional.of(tool + " is not installed (not on PATH, /usr/sbin or /sbin)");
      }
    }
    return Optional.empty();
  }

  /**
   * Skips the calling test when the bed cannot work here, unless {@value #REQUIRE_PROPERTY} is
   * {@code true}: then the test fails.
   */
  public static void assumeUsable(String... tools) {
    Optional<String> why = unusable(tools);
    if (why.isEmpty()) {
      return;
    }
    if (required()) {
      Assertions.fail(
          why.get() + ", but " + REQUIRE_PROPERTY + "=true requires the network namespace tests");
    }
    Assumptions.abort(
        why.get() + ": skipped (set -D" + REQUIRE_PROPERTY + "=true to make this a failure)");
  }

  static boolean isRoot() {
    return uid().equals("0");
  }

  private static String uid() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return line.substring(4).trim().split("\\s+")[0];
        }
      }
    } catch (IOException e) {
      return "unknown";
    }
    return "unknown";
  }

  /**
   * The executable {@code tool} on PATH, or in /usr/sbin or /sbin (not always on a user's PATH).
   */
  public static Optional<Path> which(String tool) {
    List<String> dirs =
        new ArrayList<>(
            List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
    dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
    for (String dir : dirs) {
      if (!dir.isEmpty()) {
        Path candidate = Path.of(dir, tool);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  // ---------------------------------------------------------------- setup

  /**
   * Opens an empty bed: waits for the machine-wide lock, removes leftovers of an earlier run, and
   * creates the bridge (and the FORWARD rule).
   */
  public static NetnsBed open() {
    FileChannel channel = null;
    try {
      channel =
          FileChannel.open(Path.of(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      Instant deadline = Instant.now().plus(LOCK_WAIT);
      FileLock lock;
      while ((lock = channel.tryLock()) == null) {
        if (Instant.now().isAfter(deadline)) {
          throw new IllegalStateException(
              "another network namespace test bed holds "
                  + LOCK_FILE
                  + " for more than "
                  + LOCK_WAIT.toMinutes()
                  + " min");
        }
        Thread.sleep(200);
      }
      NetnsBed bed = new NetnsBed(channel, lock);
      try {
        removeLeftovers();
        bed.createBridge();
      } catch (RuntimeException e) {
        closeAfter(bed, e);
        throw e;
      }
      return bed;
    } catch (IOException e) {
      closeQuietly(channel);
      throw new UncheckedIOException("locking " + LOCK_FILE, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closeQuietly(channel);
      throw new IllegalStateException("interrupted while waiting for " + LOCK_FILE, e);
    }
  }

  /** Opens a bed with hosts {@code rdit1 .. rditN} at {@code 10.78.0.11 ..}. */
  public static NetnsBed open(int hosts) {
    NetnsBed bed = open();
    try {
      for (int i = 1; i <= hosts; i++) {
        bed.add(PREFIX + i, 10 + i);
      }
    } catch (RuntimeException e) {
      closeAfter(bed, e);
      throw e;
    }
    return bed;
  }

  private static void closeAfter(NetnsBed bed, RuntimeException failure) {
    try {
      bed.close();
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // nothing to do
      }
    }
  }

  private void createBridge() {
    ip("link", "add", BRIDGE, "type", "bridge");
    ip("addr", "add", GATEWAY + "/24", "dev", BRIDGE);
    ip("link", "set", BRIDGE, "up");
    if (which("iptables").isPresent()) {
      Result rule =
          run(List.of("iptables", "-I", "FORWARD", "-i", BRIDGE, "-o", BRIDGE, "-j", "ACCEPT"));
      forwardRule = rule.exitCode() == 0;
      if (!forwardRule) {
        // without Docker's DROP policy the bridge forwards anyway; with it, the tests will say so
        System.err.println(
            "NetnsBed: cannot add the FORWARD rule for " + BRIDGE + ":\n" + rule.describe());
      }
    }
  }

  /**
   * Adds a host: namespace {@code name} (at most 14 characters, starting with {@value #PREFIX})
   * with {@code eth0} at {@code 10.78.0.<lastOctet>/24}, loopback up and a default route via the
   * bridge.
   */
  public Host add(String name, int lastOctet) {
    if (!name.startsWith(PREFIX) || name.length() > 14) {
      throw new IllegalArgumentException(
          "a host name starts with " + PREFIX + " and has at most 14 characters: " + name);
    }
    if (lastOctet < 2 || lastOctet > 254) {
      throw new IllegalArgumentException("last octet 2..254 expected: " + lastOctet);
    }
    Host host = new Host(name, SUBNET + "." + lastOctet);
    if (hosts.containsKey(name)
        || hosts.values().stream().anyMatch(h -> h.address().equals(host.address()))) {
      throw new IllegalArgumentException(
          "the bed has a host with that name or address already: " + host);
    }
    ip("netns", "add", name);
    hosts.put(name, host);
    ip("link", "add", host.veth(), "type", "veth", "peer", "name", "eth0", "netns", name);
    ip("link", "set", host.veth(), "master", BRIDGE, "up");
    ip("-n", name, "addr", "add", host.address() + "/24", "dev", "eth0");
    ip("-n", name, "link", "set", "eth0", "up");
    ip("-n", name, "link", "set", "lo", "up");
    ip("-n", name, "route", "add", "default", "via", GATEWAY);
    writeResolverFiles(name);
    return host;
  }

  /** Where {@code ip netns exec} finds a namespace's own /etc/hosts and /etc/resolv.conf. */
  static Path netnsEtc(String namespace) {
    return Path.of("/etc/netns", namespace);
  }

  /**
   * Gives the namespace its own resolver files: a hosts file naming the bed's addresses and a
   * resolv.conf without a name server. Name lookups inside the bed (a JDK HTTPS server looks up its
   * client's name) then answer at once from the hosts file or fail at once, and no query leaves the
   * bed for the machine's name server.
   */
  private void writeResolverFiles(String namespace) {
    StringBuilder hostsFile =
        new StringBuilder("127.0.0.1 localhost\n" + GATEWAY + " " + BRIDGE + "\n");
    for (int octet = 2; octet < 255; octet++) {
      hostsFile
          .append(SUBNET)
          .append('.')
          .append(octet)
          .append(' ')
          .append(PREFIX)
          .append("-host-")
          .append(octet)
          .append('\n');
    }
    try {
      Path dir = Files.createDirectories(netnsEtc(namespace));
      Files.writeString(dir.resolve("hosts"), hostsFile.toString());
      Files.writeString(
          dir.resolve("resolv.conf"),
          "# rancherd test bed: no name server\noptions timeout:1 attempts:1\n");
    } catch (IOException e) {
      throw new UncheckedIOException("writing the resolver files of namespace " + namespace, e);
    }
  }

  private static void deleteResolverFiles(String namespace) {
    Path dir = netnsEtc(namespace);
    try {
      for (String file : List.of("hosts", "resolv.conf")) {
        Files.deleteIfExists(dir.resolve(file));
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      System.err.println("NetnsBed: cannot remove " + dir + ": " + e.getMessage());
    }
  }

  public Host host(String name) {
    Host host = hosts.get(name);
    if (host == null) {
      throw new IllegalArgumentException("no host " + name + " in the bed");
    }
    return host;
  }

  /** The hosts in the order they were added. */
  public List<Host> hosts() {
    return List.copyOf(hosts.values());
  }

  // ---------------------------------------------------------------- running commands

  /** {@code command} to run inside {@code host}'s namespace. */
  public static List<String> inside(Host host, List<String> command) {
    List<String> full = new ArrayList<>(List.of(ipPath(), "netns", "exec", host.name()));
    full.addAll(command);
    return full;
  }

  /**
   * Starts {@code command} inside {@code host}, stdout and stderr to {@code log}, with {@code env}
   * added; the bed ends it at {@link #close()} at the latest.
   */
  public Process start(Host host, Path log, Map<String, String> env, List<String> command) {
    ProcessBuilder builder =
        new ProcessBuilder(inside(host, command))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Commands.NOISY_ENV.forEach(builder.environment()::remove);
    builder.environment().putAll(env);
    try {
      Process process = builder.start();
      synchronized (started) {
        started.add(process);
      }
      return process;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + builder.command(), e);
    }
  }

  /** Runs {@code command} inside {@code host} and waits for it (at most {@code timeout}). */
  public Result run(Host host, Map<String, String> env, Duration timeout, List<String> command) {
    return run(inside(host, command), env, timeout);
  }

  /** Runs a command on the machine (outside the bed) and waits for it, at most 30 s. */
  public static Result run(List<String> command) {
    return run(command, Map.of(), COMMAND_TIMEOUT);
  }

  /**
   * Runs a command and waits for it, at most {@code timeout}; a command that takes longer is
   * killed.
   */
  public static Result run(List<String> command, Map<String, String> env, Duration timeout) {
    List<String> resolved = new ArrayList<>(command);
    which(resolved.get(0)).ifPresent(p -> resolved.set(0, p.toString()));
    Commands.Output output = Commands.run(resolved, null, env, timeout);
    return new Result(
        resolved,
        output.exitCode(),
        output.stdout(),
        output.timedOut()
            ? "(killed after " + timeout.toSeconds() + " s)\n" + output.stderr()
            : output.stderr());
  }

  private static String ipPath() {
    return which("ip").map(Path::toString).orElse("ip");
  }

  private static void ip(String... args) {
    List<String> command = new ArrayList<>(List.of("ip"));
    command.addAll(List.of(args));
    run(command).orThrow();
  }

  // ---------------------------------------------------------------- teardown

  /** Ends every process in {@code host}'s namespace (TERM, then KILL after {@code grace}). */
  public void stopAll(Host host, Duration grace) {
    stopProcessesIn(host.name(), grace);
  }

  private static void stopProcessesIn(String namespace, Duration grace) {
    List<ProcessHandle> handles =
        pidsIn(namespace).stream().map(ProcessHandle::of).flatMap(Optional::stream).toList();
    handles.forEach(ProcessHandle::destroy);
    Instant deadline = Instant.now().plus(grace);
    for (ProcessHandle handle : handles) {
      long left = Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
      try {
        handle.onExit().get(left, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        handle.destroyForcibly();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        handle.destroyForcibly();
      } catch (ExecutionException e) {
        handle.destroyForcibly();
      }
    }
    for (ProcessHandle handle : handles) {
      try {
        handle.onExit().get(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        // gone or stuck in the kernel: the namespace is deleted anyway
      }
    }
  }

  private static List<Long> pidsIn(String namespace) {
    Result pids = run(List.of("ip", "netns", "pids", namespace));
    if (pids.exitCode() != 0) {
      return List.of();
    }
    return pids.stdout()
        .lines()
        .map(String::trim)
        .filter(s -> s.matches("\\d+"))
        .map(Long::valueOf)
        .toList();
  }

  /** Namespaces, links and the FORWARD rule of an earlier run, with their processes. */
  private static void removeLeftovers() {
    Result namespaces = run(List.of("ip", "netns", "list"));
    for (String line : namespaces.stdout().lines().toList()) {
      String name = line.trim().split("\\s+")[0];
      if (name.startsWith(PREFIX)) {
        stopProcessesIn(name, Duration.ofSeconds(5));
        run(List.of("ip", "netns", "del", name));
        deleteResolverFiles(name);
      }
    }
    Result links = run(List.of("ip", "-o", "link", "show"));
    for (String line : links.stdout().lines().toList()) {
      String[] fields = line.split(":\\s+", 3);
      if (fields.length > 1) {
        String name = fields[1].split("@")[0];
        if (name.startsWith(PREFIX) && !name.equals(BRIDGE)) {
          run(List.of("ip", "link", "del", name));
        }
      }
    }
    run(List.of("ip", "link", "del", BRIDGE));
    deleteForwardRules();
  }

  private static void deleteForwardRules() {
    if (which("iptables").isEmpty()) {
      return;
    }
    for (int i = 0; i < 20; i++) {
      if (run(List.of("iptables", "-D", "FORWARD", "-i", BRIDGE, "-o", BRIDGE, "-j", "ACCEPT"))
              .exitCode()
          != 0) {
        return;
      }
    }
  }

  /**
   * Ends every process of the bed, deletes its namespaces, links and FORWARD rule, and releases the
   * lock.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<RuntimeException> failures = new ArrayList<>();
    try {
      List<Process> processes;
      synchronized (started) {
        processes = List.copyOf(started);
      }
      processes.forEach(Process::destroy);
      for (Host host : hosts.values()) {
        stopProcessesIn(host.name(), Duration.ofSeconds(5));
      }
      for (Process process : processes) {
        try {
          if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          process.destroyForcibly();
        }
      }
      for (Host host : hosts.values()) {
        // the host-side end first: deleting it deletes the pair
        if (run(List.of("ip", "link", "show", host.veth())).exitCode() == 0) {
          collect(failures, run(List.of("ip", "link", "del", host.veth())));
        }
        collect(failures, run(List.of("ip", "netns", "del", host.name())));
        deleteResolverFiles(host.name());
      }
      collect(failures, run(List.of("ip", "link", "del", BRIDGE)));
      if (forwardRule) {
        collect(
            failures,
            run(List.of("iptables", "-D", "FORWARD", "-i", BRIDGE, "-o", BRIDGE, "-j", "ACCEPT")));
      }
    } finally {
      try {
        lock.release();
      } catch (IOException e) {
        // closing the channel releases it too
      }
      closeQuietly(lockChannel);
    }
    if (!failures.isEmpty()) {
      RuntimeException first = failures.get(0);
      failures.subList(1, failures.size()).forEach(first::addSuppressed);
      throw first;
    }
  }

  private static void collect(List<RuntimeException> failures, Result result) {
    if (result.exitCode() != 0) {
      failures.add(
          new IllegalStateException("cleaning up the test bed failed:\n" + result.describe()));
    }
  }
}
