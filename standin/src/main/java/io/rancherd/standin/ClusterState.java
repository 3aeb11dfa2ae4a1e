package io.rancherd.standin;

import java.time.Duration;
import java.time.Instant;

/**
 * What the fake API server knows about its cluster: its own node, whose readiness is timed ({@code
 * /readyz} after {@link #API_READY_AFTER}, the node after {@link #NODE_READY_AFTER}, both counted
 * from the moment the listeners are up, and never while a hold file exists), and the nodes that
 * registered with it, and what the system-upgrade-controller's plans did to their versions.
 */
record ClusterState(
    Program program,
    String version,
    NodeInfo self,
    String password,
    Instant started,
    Holds holds,
    ChartWatcher charts,
    PlanWatcher plans,
    NodeRegistry nodes) {

  static final Duration API_READY_AFTER = Duration.ofSeconds(1);
  static final Duration NODE_READY_AFTER = Duration.ofMillis(1500);

  boolean apiReady() {
    return elapsed(API_READY_AFTER) && !holds.held("readyz");
  }

  boolean nodeReady() {
    return elapsed(NODE_READY_AFTER) && !holds.held("node");
  }

  boolean rancherAvailable() {
    return charts.installed() && !holds.held("rancher");
  }

  private boolean elapsed(Duration delay) {
    return !Instant.now().isBefore(started.plus(delay));
  }

  @Override
  public String toString() {
    return "ClusterState[program=" + program + ", self=" + self.name() + ", password=--redacted--]";
  }
}
