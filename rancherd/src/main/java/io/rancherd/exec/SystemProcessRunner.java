package io.rancherd.exec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs processes for real: stdout and stderr interleaved, streamed to the log line by line with the
 * step name as prefix, the last lines kept for error messages, and the whole output saved (0600)
 * when asked. A process that outlives its timeout is killed with its children.
 */
public final class SystemProcessRunner implements ProcessRunner {

  private static final Logger LOG = LoggerFactory.getLogger(SystemProcessRunner.class);

  private final boolean quiet;

  /** A runner that logs each line of output (INFO): the progress of plan steps. */
  public SystemProcessRunner() {
    this(false);
  }

  private SystemProcessRunner(boolean quiet) {
    this.quiet = quiet;
  }

  /**
   * A runner that logs output at DEBUG only, for queries whose output is the answer rather than
   * progress (the systemctl and journalctl calls of {@code doctor}).
   */
  public static SystemProcessRunner quiet() {
    return new SystemProcessRunner(true);
  }

  @Override
  public ProcessResult run(ProcessSpec spec) throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(spec.argv())
            .redirectErrorStream(true)
            .directory(spec.workDir().toFile());
    builder.environment().putAll(spec.env());
    Process process = builder.start();
    process.getOutputStream().close();
    OutputRelay relay = new OutputRelay(spec.logPrefix(), quiet);
    Thread reader = new Thread(() -> pump(process, relay), "output-" + spec.logPrefix());
    reader.setDaemon(true);
    reader.start();
    boolean finished;
    try {
      finished = process.waitFor(spec.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      // the caller gave up (a rancherd step run in the bootstrap's JVM reached its timeout): the
      // process goes with it, as it would with a step process killed with its children
      kill(process);
      throw e;
    }
    if (!finished) {
      kill(process);
      process.waitFor();
    }
    reader.join(TimeUnit.SECONDS.toMillis(5));
    relay.save(spec.outputFile());
    return new ProcessResult(finished ? process.exitValue() : -1, !finished, relay.tail());
  }

  private static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  private static void pump(Process process, OutputRelay relay) {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        relay.line(line);
      }
    } catch (IOException e) {
      LOG.debug("output closed: {}", e.getMessage());
    }
  }
}
