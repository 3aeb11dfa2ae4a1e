package io.rancherd.standin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The runtime stand-in: a test-only fake of the {@code k3s} and {@code rke2} binaries.
 *
 * <p>Usage: {@code StandIn <k3s|rke2> <server|agent|--version> [flags]}. Every machine path is
 * taken under {@code STANDIN_ROOT} (default {@code /}). Runs until SIGTERM.
 */
public final class StandIn {

  static final String VERSION_PROPERTY = "standin.version";

  private StandIn() {}

  public static void main(String[] args) {
    if (args.length < 2) {
      System.err.println("usage: StandIn <k3s|rke2> <server|agent|--version> [flags]");
      System.exit(2);
    }
    try {
      Program program = Program.parse(args[0]);
      String command = args[1];
      List<String> flags = Arrays.asList(args).subList(2, args.length);
      switch (command) {
        case "--version", "-v", "version" -> printVersion(program);
        case "server", "agent" -> run(program, command, flags);
        default ->
            fatal(program.id() + ": the stand-in does not implement command '" + command + "'");
      }
    } catch (FatalException
        | IllegalArgumentException
        | IllegalStateException
        | IOException
        | UncheckedIOException e) {
      fatal(e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fatal("interrupted");
    } catch (RuntimeException e) {
      e.printStackTrace();
      fatal(e.toString());
    }
  }

  private static void run(Program program, String role, List<String> flags)
      throws IOException, InterruptedException, FatalException {
    MachineRoot root = MachineRoot.fromEnvironment();
    Path pidFile = writePidFile(root, program, role);
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> deleteQuietly(pidFile), "standin-pidfile"));
    Log.info(
        "starting "
            + program.id()
            + " "
            + role
            + " "
            + version(program)
            + " (pid "
            + ProcessHandle.current().pid()
            + ", root "
            + root.dir()
            + ")");
    new Holds(root).awaitStart();
    RuntimeConfig config = RuntimeConfig.load(program, root, flags, System.getenv());
    if (program == Program.K3S && role.equals("agent")) {
      config.requireAgentFlags(K3sAgentFlags.NAMES);
    }
    AutoCloseable running =
        role.equals("server")
            ? new StandInServer(program, root, config, version(program)).start()
            : new StandInAgent(program, root, config).start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  Log.info("shutting down " + program.id() + " " + role);
                  closeQuietly(running);
                  stopped.countDown();
                },
                "standin-shutdown"));
    SystemdNotify.ready();
    stopped.await();
  }

  static String version(Program program) {
    return System.getProperty(
        VERSION_PROPERTY,
        program == Program.K3S ? StandInArtifacts.K3S_VERSION : StandInArtifacts.RKE2_VERSION);
  }

  private static void printVersion(Program program) {
    System.out.println(program.id() + " version " + version(program) + " (standin)");
    System.out.println("go version go1.22.2 (standin)");
  }

  private static Path writePidFile(MachineRoot root, Program program, String role) {
    Path file = root.standinState().resolve(program.id() + "-" + role + ".pid");
    SecureFiles.write(file, ProcessHandle.current().pid() + "\n", SecureFiles.PUBLIC);
    return file;
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      Log.warn("stopping: " + e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      Log.warn("deleting " + file + ": " + e);
    }
  }

  private static void fatal(String message) {
    System.err.println("standin: level=fatal msg=\"" + message + "\"");
    System.exit(1);
  }
}
