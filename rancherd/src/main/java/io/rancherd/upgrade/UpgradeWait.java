package io.rancherd.upgrade;

import io.rancherd.error.RancherdException;
import io.rancherd.fs.Root;
import io.rancherd.kube.KubeException;
import io.rancherd.wait.CheckResult;
import io.rancherd.wait.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Follows an upgrade until it is done: every node's kubelet reports the target release (the
 * system-upgrade-controller replaces the runtime's binary and restarts it, node by node), then the
 * Rancher deployment runs the new chart's version and is available. A progress line whenever the
 * count changes ("2/3 nodes on v1.31.4+k3s1"); bounded by one timeout for both.
 */
public final class UpgradeWait {

  static final Duration POLL = Duration.ofSeconds(2);

  private final Clock clock;
  private final Sleeper sleeper;
  private final Consumer<String> progress;

  public UpgradeWait(Clock clock, Sleeper sleeper, Consumer<String> progress) {
    this.clock = clock;
    this.sleeper = sleeper;
    this.progress = progress;
  }

  /** Waits for what {@code changes} upgrade, within {@code timeout}. */
  public void await(Root root, UpgradeChanges changes, Duration timeout)
      throws RancherdException, InterruptedException {
    Instant deadline = clock.instant().plus(timeout);
    ClusterView cluster = ClusterView.of(root, changes.runtime());
    if (changes.kubernetes().isPresent()) {
      KubeRelease target =
          KubeRelease.parse(changes.kubernetes().get())
              .orElseThrow(() -> new IllegalArgumentException(changes.kubernetes().get()));
      nodes(cluster, target, deadline, timeout);
    }
    if (changes.rancher().isPresent()) {
      rancher(cluster, changes.rancher().get().version(), deadline, timeout);
    }
  }

  private void nodes(ClusterView cluster, KubeRelease target, Instant deadline, Duration timeout)
      throws RancherdException, InterruptedException {
    String last = "";
    while (true) {
      Map<String, KubeRelease> nodes;
      try {
        nodes = cluster.nodes();
      } catch (KubeException e) {
        last = unanswered(cluster, e, last, deadline, timeout);
        pause(deadline);
        continue;
      }
      List<String> behind = VersionRules.behind(nodes, target);
      String line = (nodes.size() - behind.size()) + "/" + nodes.size() + " nodes on " + target;
      if (!line.equals(last)) {
        progress.accept(line);
        last = line;
      }
      if (behind.isEmpty()) {
        return;
      }
      if (!clock.instant().isBefore(deadline)) {
        String first = behind.get(0);
        throw new RancherdException(
            "upgrade: waiting for every node to run "
                + target
                + ": after "
                + timeout.toSeconds()
                + " s, "
                + line
                + " (node "
                + first
                + " runs "
                + nodes.get(first)
                + "); the upgrade goes on in the cluster"
                + RancherdException.FIX
                + "see the Plans' jobs (kubectl -n "
                + UpgradePlans.NAMESPACE
                + " get plans,jobs) and run upgrade --wait again to follow it");
      }
      pause(deadline);
    }
  }

  /**
   * A failed request while the upgrade restarts the runtime on a server (the API server this node
   * asks among them) is "not yet", with a progress line; the wait fails on any other failure, and
   * on this one at the deadline. Returns the progress line shown.
   */
  private String unanswered(
      ClusterView cluster, KubeException e, String last, Instant deadline, Duration timeout)
      throws KubeException {
    if (!e.transientFailure()) {
      throw e;
    }
    if (!clock.instant().isBefore(deadline)) {
      throw new KubeException(
          "upgrade: waiting for the upgrade: after "
              + timeout.toSeconds()
              + " s the API server "
              + cluster.server()
              + " does not answer: "
              + e.getMessage()
              + RancherdException.FIX
              + "see the runtime's service on the server nodes (journalctl -u "
              + "k3s or rke2-server) and run upgrade --wait again to follow it");
    }
    String line =
        "the API server "
            + cluster.server()
            + " does not answer (the upgrade restarts the runtime on a server): "
            + e.getMessage();
    if (!line.equals(last)) {
      progress.accept(line);
    }
    return line;
  }

  /** Sleeps {@link #POLL}, or less when the deadline comes sooner. */
  private void pause(Instant deadline) throws InterruptedException {
    Duration left = Duration.between(clock.instant(), deadline);
    sleeper.sleep(left.isNegative() ? Duration.ZERO : left.compareTo(POLL) < 0 ? left : POLL);
  }

  private void rancher(ClusterView cluster, String version, Instant deadline, Duration timeout)
      throws RancherdException, InterruptedException {
    String last = "";
    while (true) {
      CheckResult result;
      try {
        result = cluster.rancher(version);
      } catch (KubeException e) {
        last = unanswered(cluster, e, last, deadline, timeout);
        pause(deadline);
        continue;
      }
      if (result.success()) {
        progress.accept(result.detail());
        return;
      }
      if (!result.detail().equals(last)) {
        progress.accept("waiting for " + result.detail());
        last = result.detail();
      }
      if (!clock.instant().isBefore(deadline)) {
        throw new RancherdException(
            "upgrade: waiting for "
                + result.detail()
                + ": not done after "
                + timeout.toSeconds()
                + " s"
                + RancherdException.FIX
                + "see the helm-install-rancher job in kube-system and the cattle-system pods,"
                + " and run upgrade --wait again to follow it");
      }
      pause(deadline);
    }
  }
}
