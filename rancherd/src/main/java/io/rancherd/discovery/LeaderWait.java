package io.rancherd.discovery;

import io.rancherd.wait.CheckResult;
import io.rancherd.wait.Timing;
import io.rancherd.wait.WaitLoop;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * A follower waits, after the election, until its leader's join server reports ready (the runtime's
 * CA is there to fetch), or until Rancher answers there (a cluster runs already).
 */
final class LeaderWait {

  private final HttpPoller poller;
  private final WaitLoop loop;
  private final Consumer<String> info;
  private final Duration progressEvery;
  private final Duration leaderWait;

  LeaderWait(
      HttpPoller poller,
      WaitLoop loop,
      Consumer<String> info,
      Duration progressEvery,
      Duration leaderWait) {
    this.poller = poller;
    this.loop = loop;
    this.info = info;
    this.progressEvery = progressEvery;
    this.leaderWait = leaderWait;
  }

  /**
   * A follower waits until the leader's join server reports ready, or Rancher answers there;
   * returns whether it was Rancher.
   */
  boolean await(PeerAddress leader) throws DiscoveryException, InterruptedException {
    String[] last = {"no answer yet"};
    CheckResult result =
        loop.<DiscoveryException, DiscoveryException>until(
            () -> {
              Poll poll = poller.pollOne(leader);
              if (poll instanceof Poll.Rancher) {
                return new CheckResult(true, "rancher");
              }
              if (poll instanceof Poll.Answered a && a.report().state() == PeerState.READY) {
                return new CheckResult(true, "ready");
              }
              // a refusal is not proof (an unauthenticated 401 can be forged): keep asking, and
              // name it in the progress line and at the timeout
              last[0] =
                  poll instanceof Poll.Answered a
                      ? "it is " + a.report().state().wire()
                      : poll instanceof Poll.Failed f
                          ? "no answer: " + f.cause()
                          : poll instanceof Poll.Rejected r ? "refused: " + r.cause() : "no answer";
              return new CheckResult(false, leader + " to be ready (" + last[0] + ")");
            },
            Duration.ZERO,
            new Timing(Duration.ofSeconds(1), Duration.ofSeconds(1), progressEvery, leaderWait),
            (lastResult, waited) ->
                new DiscoveryException(
                    "waiting for "
                        + leader
                        + " to initialize the cluster: "
                        + last[0]
                        + " (waited "
                        + waited
                        + " s)",
                    "check that node: rancherd status and "
                        + "rancherd doctor there; this node waits again at its next attempt"));
    info.accept(
        result.detail().equals("rancher")
            ? "Rancher answers at " + leader + ": joining that cluster"
            : "Leader " + leader + " is ready: joining it");
    return result.detail().equals("rancher");
  }
}
