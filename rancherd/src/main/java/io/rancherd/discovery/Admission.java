package io.rancherd.discovery;

import java.util.HashMap;
import java.util.Map;

/**
 * Which connections the join server serves: at most {@code perSource} open at once from one address
 * and {@code total} in all, so that one slow or flooding host cannot take every worker.
 */
final class Admission {

  private final int perSource;
  private final int total;
  private final Map<String, Integer> open = new HashMap<>();
  private int all;

  Admission(int perSource, int total) {
    this.perSource = perSource;
    this.total = total;
  }

  /** Whether a new connection from {@code source} is served; if so, {@link #leave} must follow. */
  synchronized boolean enter(String source) {
    int now = open.getOrDefault(source, 0);
    if (now >= perSource || all >= total) {
      return false;
    }
    open.put(source, now + 1);
    all++;
    return true;
  }

  synchronized void leave(String source) {
    Integer now = open.get(source);
    if (now == null) {
      return;
    }
    if (now <= 1) {
      open.remove(source);
    } else {
      open.put(source, now - 1);
    }
    all--;
  }

  synchronized int open() {
    return all;
  }
}
