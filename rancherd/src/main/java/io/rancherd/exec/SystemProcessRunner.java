package io.rancherd.exec;

import io.rancherd.fs.AtomicFiles;
import io.rancherd.log.LogFormat;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
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
  static final int TAIL_LINES = 20;

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
    Deque<String> tail = new ArrayDeque<>();
    ByteArrayOutputStream saved = new ByteArrayOutputStream();
    Thread reader =
        new Thread(
            () -> pump(process, spec.logPrefix(), tail, saved, quiet),
            "output-" + spec.logPrefix());
    reader.setDaemon(true);
    reader.start();
    boolean finished = process.waitFor(spec.timeout().toMillis(), TimeUnit.MILLISECONDS);
    if (!finished) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      process.waitFor();
    }
    reader.join(TimeUnit.SECONDS.toMillis(5));
    if (spec.outputFile().isPresent()) {
      byte[] output;
      synchronized (saved) {
        output = saved.toByteArray();
      }
      AtomicFiles.writePrivate(spec.outputFile().get(), output);
    }
    List<String> lines;
    synchronized (tail) {
      lines = List.copyOf(tail);
    }
    return new ProcessResult(finished ? process.exitValue() : -1, !finished, lines);
  }

  private static void pump(
      Process process,
      String prefix,
      Deque<String> tail,
      ByteArrayOutputStream saved,
      boolean quiet) {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (quiet) {
          LOG.debug("[{}] {}", prefix, line);
        } else {
          // a rancherd step's warning stays a warning in the journal of the rancherd relaying it
          LOG.atLevel(LogFormat.levelOf(line)).log("[{}] {}", prefix, line);
        }
        synchronized (tail) {
          tail.addLast(line);
          if (tail.size() > TAIL_LINES) {
            tail.removeFirst();
          }
        }
        synchronized (saved) {
          saved.writeBytes((line + "\n").getBytes(StandardCharsets.UTF_8));
        }
      }
    } catch (IOException e) {
      LOG.debug("[{}] output closed: {}", prefix, e.getMessage());
    }
  }
}
