package io.rancherd.exec;

import io.rancherd.log.LogCapture;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the steps that run rancherd itself (their program is rancherd's own launcher, the path the
 * plan was made with) in this JVM, and everything else with {@code others}. A step run here is what
 * its process would be: the same arguments and environment, its output and log lines through the
 * same relay (prefixed, kept for errors, saved when asked), the same exit status, and at its
 * timeout it is interrupted and counts as timed out. It saves a JVM start per step.
 */
public final class SelfRunner implements ProcessRunner {

  /** How long a timed-out step gets to end after its interrupt. */
  private static final long GRACE_MS = TimeUnit.SECONDS.toMillis(5);

  private final ProcessRunner others;
  private final String self;
  private final InProcessProgram program;

  /**
   * @param self the path of rancherd's launcher, as the plan's instructions name it
   */
  public SelfRunner(ProcessRunner others, String self, InProcessProgram program) {
    this.others = others;
    this.self = self;
    this.program = program;
  }

  /** Whether {@code command} is rancherd's launcher: the same path, or the same file. */
  boolean isSelf(String command) {
    if (command.equals(self)) {
      return true;
    }
    try {
      Path a = Path.of(command);
      Path b = Path.of(self);
      return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  @Override
  public ProcessResult run(ProcessSpec spec) throws IOException, InterruptedException {
    if (!isSelf(spec.argv().get(0))) {
      return others.run(spec);
    }
    OutputRelay relay = new OutputRelay(spec.logPrefix(), false);
    Map<String, String> env = new HashMap<>(System.getenv());
    env.putAll(spec.env());
    List<String> args = spec.argv().subList(1, spec.argv().size());
    AtomicInteger exit = new AtomicInteger(-1);
    Thread step =
        new Thread(
            () -> {
              LogCapture.toSink(relay::line);
              try (PrintWriter out = lines(relay)) {
                exit.set(program.run(args, env, out, out));
              } catch (RuntimeException | Error e) {
                relay.line("rancherd: " + e);
                exit.set(1);
              } finally {
                LogCapture.stop();
              }
            },
            "step-" + spec.logPrefix());
    step.setDaemon(true);
    step.start();
    step.join(spec.timeout().toMillis());
    boolean timedOut = step.isAlive();
    if (timedOut) {
      step.interrupt();
      step.join(GRACE_MS);
    }
    relay.save(spec.outputFile());
    return new ProcessResult(timedOut ? -1 : exit.get(), timedOut, relay.tail());
  }

  /** A writer that hands each complete line to the relay (stdout and stderr share it, in order). */
  private static PrintWriter lines(OutputRelay relay) {
    return new PrintWriter(
        new Writer() {
          private final StringBuilder line = new StringBuilder();

          @Override
          public synchronized void write(char[] buf, int off, int len) {
            for (int i = off; i < off + len; i++) {
              char c = buf[i];
              if (c == '\n') {
                relay.line(line.toString());
                line.setLength(0);
              } else if (c != '\r') {
                line.append(c);
              }
            }
          }

          @Override
          public void flush() {}

          @Override
          public synchronized void close() {
            if (line.length() > 0) {
              relay.line(line.toString());
              line.setLength(0);
            }
          }
        },
        true);
  }
}
