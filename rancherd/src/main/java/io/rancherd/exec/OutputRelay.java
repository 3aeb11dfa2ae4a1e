package io.rancherd.exec;

import io.rancherd.fs.AtomicFiles;
import io.rancherd.log.LogCapture;
import io.rancherd.log.LogFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The output of one step, line by line: logged with the step's prefix (a step's warning stays a
 * warning), its last lines kept for error messages, the whole saved when asked. A process's output
 * and that of a rancherd step run in this JVM go through the same relay.
 */
final class OutputRelay {

  private static final Logger LOG = LoggerFactory.getLogger(OutputRelay.class);
  static final int TAIL_LINES = 20;

  private final String prefix;
  private final Optional<Consumer<String>> log = LogCapture.sink();
  private final boolean quiet;
  private final Deque<String> tail = new ArrayDeque<>();
  private final ByteArrayOutputStream saved = new ByteArrayOutputStream();

  OutputRelay(String prefix, boolean quiet) {
    this.prefix = prefix;
    this.quiet = quiet;
  }

  synchronized void line(String line) {
    LogCapture.into(
        log,
        () -> {
          if (quiet) {
            LOG.debug("[{}] {}", prefix, line);
          } else {
            LOG.atLevel(LogFormat.levelOf(line)).log("[{}] {}", prefix, line);
          }
        });
    tail.addLast(line);
    if (tail.size() > TAIL_LINES) {
      tail.removeFirst();
    }
    saved.writeBytes((line + "\n").getBytes(StandardCharsets.UTF_8));
  }

  synchronized List<String> tail() {
    return List.copyOf(tail);
  }

  /** Saves the whole output (0600) to {@code file} when one is given. */
  void save(Optional<Path> file) throws IOException {
    if (file.isPresent()) {
      byte[] output;
      synchronized (this) {
        output = saved.toByteArray();
      }
      AtomicFiles.writePrivate(file.get(), output);
    }
  }
}
