package io.rancherd.log;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * Sends the log lines of one thread (and of the threads it starts) to a sink instead of stderr, in
 * the plain format of a plan step: how a rancherd step run in the JVM of the bootstrap has its log
 * relayed exactly as the log of a step process is (by the bootstrap, with the step's prefix).
 */
public final class LogCapture {

  private static final InheritableThreadLocal<Consumer<String>> SINK =
      new InheritableThreadLocal<>();

  private LogCapture() {}

  /** From now on, this thread's log lines (and those of threads it starts) go to {@code sink}. */
  public static void toSink(Consumer<String> sink) {
    SINK.set(sink);
  }

  /** This thread logs to stderr again. */
  public static void stop() {
    SINK.remove();
  }

  /** Where this thread's log lines go now: a sink, or stderr when empty. */
  public static Optional<Consumer<String>> sink() {
    return Optional.ofNullable(SINK.get());
  }

  /**
   * Runs {@code logging} with this thread's log lines going to {@code sink} (stderr when empty),
   * then as before: a step's relay logs where the log of the code that started the step goes, not
   * back into the step.
   */
  public static void into(Optional<Consumer<String>> sink, Runnable logging) {
    Consumer<String> before = SINK.get();
    SINK.set(sink.orElse(null));
    try {
      logging.run();
    } finally {
      SINK.set(before);
    }
  }
}
