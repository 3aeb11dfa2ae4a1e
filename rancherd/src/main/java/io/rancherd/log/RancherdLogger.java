package io.rancherd.log;

import java.io.PrintStream;
import java.time.Clock;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * A logger that writes one line per event to the standard error stream of the moment, in the {@link
 * LogFormat} of the process; a throwable is shown only at debug level (its stack trace), since
 * every rancherd failure already says what happened in its message.
 */
final class RancherdLogger extends LegacyAbstractLogger {

  private static final long serialVersionUID = 1L;

  RancherdLogger(String name) {
    this.name = name;
  }

  @Override
  public boolean isTraceEnabled() {
    return false;
  }

  @Override
  public boolean isDebugEnabled() {
    return LogSettings.debug();
  }

  @Override
  public boolean isInfoEnabled() {
    return true;
  }

  @Override
  public boolean isWarnEnabled() {
    return true;
  }

  @Override
  public boolean isErrorEnabled() {
    return true;
  }

  @Override
  protected String getFullyQualifiedCallerName() {
    return null;
  }

  @Override
  protected void handleNormalizedLoggingCall(
      Level level, Marker marker, String pattern, Object[] arguments, Throwable throwable) {
    String message = MessageFormatter.basicArrayFormat(pattern, arguments);
    java.util.Optional<java.util.function.Consumer<String>> sink = LogCapture.sink();
    if (sink.isPresent()) {
      sink.get().accept(LogFormat.PLAIN.line(level, message, Clock.systemUTC().instant()));
      return;
    }
    String line = LogSettings.format().line(level, message, Clock.systemUTC().instant());
    PrintStream err = System.err;
    synchronized (RancherdLogger.class) {
      err.println(line);
      if (throwable != null && LogSettings.debug()) {
        throwable.printStackTrace(err);
      }
      err.flush();
    }
  }
}
