package io.rancherd.wait;

import java.time.Duration;

/** Waits; injected so that retry loops are instant and deterministic in tests. */
@FunctionalInterface
public interface Sleeper {

  Sleeper SYSTEM = d -> Thread.sleep(d.toMillis());

  void sleep(Duration duration) throws InterruptedException;
}
