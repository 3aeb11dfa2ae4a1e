package io.rancherd.log;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * rancherd's SLF4J backend: a few small classes instead of a logging library, because all it needs
 * is one line per event in one of three formats ({@link LogFormat}), and every millisecond of
 * start-up counts for a command that runs per plan step. Found by SLF4J through {@code
 * META-INF/services}.
 */
public final class RancherdLogProvider implements SLF4JServiceProvider {

  private ILoggerFactory loggers;
  private IMarkerFactory markers;
  private MDCAdapter mdc;

  @Override
  public ILoggerFactory getLoggerFactory() {
    return loggers;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markers;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdc;
  }

  @Override
  public String getRequestedApiVersion() {
    return "2.0.99";
  }

  @Override
  public void initialize() {
    loggers = new RancherdLoggerFactory();
    markers = new BasicMarkerFactory();
    mdc = new NOPMDCAdapter();
  }
}
