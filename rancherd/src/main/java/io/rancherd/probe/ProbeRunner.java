package io.rancherd.probe;

import io.rancherd.plan.model.PlanProbe;
import io.rancherd.wait.CheckResult;
import io.rancherd.wait.Sleeper;
import io.rancherd.wait.Timing;
import io.rancherd.wait.WaitLoop;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs a plan's probes until all are healthy at once, with rancher/system-agent's semantics: a
 * probe starts unhealthy, becomes healthy after {@code successThreshold} consecutive successes and
 * unhealthy again after {@code failureThreshold} consecutive failures. While waiting it reports
 * progress at a steady pace ("waiting for kube-apiserver https://127.0.0.1:6443/readyz: 503, 40
 * s"); past the timeout it fails naming every probe that is not healthy and what it last saw.
 * Pacing, progress and timeout are {@link WaitLoop}'s, shared with the Kubernetes waits.
 */
public final class ProbeRunner {

  private final Prober prober;
  private final WaitLoop loop;

  public ProbeRunner(Prober prober, Clock clock, Sleeper sleeper, Consumer<String> progress) {
    this(prober, new WaitLoop(clock, sleeper, progress));
  }

  public ProbeRunner(Prober prober, WaitLoop loop) {
    this.prober = prober;
    this.loop = loop;
  }

  private static final class State {
    boolean healthy;
    int successes;
    int failures;
    CheckResult last = new CheckResult(false, "not checked yet");
  }

  public void runUntilHealthy(Map<String, PlanProbe> probes, Timing timing)
      throws ProbeException, InterruptedException {
    if (probes.isEmpty()) {
      return;
    }
    Map<String, State> states = new LinkedHashMap<>();
    probes.keySet().forEach(name -> states.put(name, new State()));
    Duration initialDelay =
        Duration.ofSeconds(
            probes.values().stream().mapToInt(PlanProbe::initialDelaySeconds).max().orElse(0));
    loop.until(
        () -> {
          probes.forEach((name, probe) -> update(name, probe, states.get(name)));
          boolean allHealthy = states.values().stream().allMatch(s -> s.healthy);
          return new CheckResult(allHealthy, unhealthy(probes, states));
        },
        initialDelay,
        timing,
        (last, waited) ->
            new ProbeException("probing: not healthy after " + waited + " s: " + last.detail()));
    loop.progress().accept("All probes are healthy: " + String.join(", ", probes.keySet()));
  }

  private void update(String name, PlanProbe probe, State state) {
    CheckResult result = prober.check(probe);
    state.last = result;
    if (result.success()) {
      state.successes++;
      state.failures = 0;
      if (!state.healthy && state.successes >= Math.max(1, probe.successThreshold())) {
        state.healthy = true;
        loop.progress().accept("Probe " + name + " is healthy");
      }
    } else {
      state.failures++;
      state.successes = 0;
      if (state.healthy && state.failures >= Math.max(1, probe.failureThreshold())) {
        state.healthy = false;
        loop.progress().accept("Probe " + name + " is unhealthy: " + result.detail());
      }
    }
  }

  private static String unhealthy(Map<String, PlanProbe> probes, Map<String, State> states) {
    List<String> parts = new ArrayList<>();
    states.forEach(
        (name, state) -> {
          if (!state.healthy) {
            parts.add(name + " " + probes.get(name).httpGet().url() + ": " + state.last.detail());
          }
        });
    return String.join("; ", parts);
  }
}
