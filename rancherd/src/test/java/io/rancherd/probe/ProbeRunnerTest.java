package io.rancherd.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rancherd.plan.model.HttpGet;
import io.rancherd.plan.model.PlanProbe;
import io.rancherd.testing.FakeClock;
import io.rancherd.wait.CheckResult;
import io.rancherd.wait.Timing;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProbeRunnerTest {

  final FakeClock clock = new FakeClock();
  final List<String> lines = new ArrayList<>();
  final Map<String, Deque<CheckResult>> scripts = new HashMap<>();

  ProbeRunner runner() {
    return new ProbeRunner(
        p -> {
          Deque<CheckResult> script = scripts.get(p.name());
          return script.size() > 1 ? script.removeFirst() : script.peekFirst();
        },
        clock,
        clock.sleeper(),
        lines::add);
  }

  void script(String name, CheckResult... results) {
    scripts.put(name, new ArrayDeque<>(List.of(results)));
  }

  static PlanProbe probe(String name, int successThreshold, int failureThreshold) {
    return new PlanProbe(
        name, 1, 5, successThreshold, failureThreshold, HttpGet.plain("https://127.0.0.1/" + name));
  }

  static final Timing TIMING =
      new Timing(Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(60));
  static final CheckResult OK = new CheckResult(true, "200");
  static final CheckResult DOWN = new CheckResult(false, "503");

  @Test
  void run_returnsWhenEveryProbeIsHealthyAtOnce() throws Exception {
    script("kubelet", DOWN, DOWN, OK);
    script("kube-apiserver", DOWN, OK);
    Map<String, PlanProbe> probes = new LinkedHashMap<>();
    probes.put("kube-apiserver", probe("kube-apiserver", 1, 2));
    probes.put("kubelet", probe("kubelet", 1, 2));

    runner().runUntilHealthy(probes, TIMING);

    assertEquals(
        List.of(
            "Probe kube-apiserver is healthy",
            "Probe kubelet is healthy",
            "All probes are healthy: kube-apiserver, kubelet"),
        lines);
    assertEquals(
        Instant.parse("2026-11-21T10:00:05Z"),
        clock.instant(),
        "1 s initial delay, then two 2 s rounds");
  }

  @Test
  void run_needsConsecutiveSuccessesUpToTheThreshold() throws Exception {
    script("kubelet", OK, DOWN, OK, OK, OK);

    runner().runUntilHealthy(Map.of("kubelet", probe("kubelet", 3, 2)), TIMING);

    assertEquals(
        Instant.parse("2026-11-21T10:00:09Z"),
        clock.instant(),
        "healthy on the 5th check: 1 s + 4 x 2 s");
  }

  @Test
  void run_reportsProgressAtASteadyPaceAndFailsAfterTheTimeoutNamingWhatItSaw() {
    script("kube-apiserver", DOWN);
    script("kubelet", OK);
    Map<String, PlanProbe> probes = new LinkedHashMap<>();
    probes.put("kube-apiserver", probe("kube-apiserver", 1, 2));
    probes.put("kubelet", probe("kubelet", 1, 2));

    ProbeException e =
        assertThrows(ProbeException.class, () -> runner().runUntilHealthy(probes, TIMING));

    assertEquals(
        "probing: not healthy after 60 s: kube-apiserver https://127.0.0.1/kube-apiserver: 503",
        e.getMessage());
    List<String> progress = lines.stream().filter(l -> l.startsWith("waiting for")).toList();
    assertEquals(5, progress.size(), progress.toString());
    assertEquals(
        "waiting for kube-apiserver https://127.0.0.1/kube-apiserver: 503, 11 s", progress.get(0));
    assertTrue(progress.get(4).endsWith(", 51 s"), progress.toString());
  }

  @Test
  void run_withoutProbesReturnsAtOnce() throws Exception {
    runner().runUntilHealthy(Map.of(), TIMING);

    assertEquals(List.of(), lines);
  }
}
