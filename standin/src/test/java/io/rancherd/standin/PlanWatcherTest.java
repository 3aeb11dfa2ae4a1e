package io.rancherd.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanWatcherTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final NodeInfo SERVER =
      new NodeInfo("s1", Map.of("node-role.kubernetes.io/control-plane", "true"), "10.0.0.1", "");
  private static final NodeInfo AGENT = new NodeInfo("a1", Map.of(), "10.0.0.2", "");
  private static final List<NodeInfo> NODES = List.of(SERVER, AGENT);

  private static Map<String, Object> plan(String name, String operator, List<String> prepare) {
    Map<String, Object> expression =
        operator.equals("In")
            ? Map.of(
                "key",
                "node-role.kubernetes.io/control-plane",
                "operator",
                "In",
                "values",
                List.of("true"))
            : Map.of("key", "node-role.kubernetes.io/control-plane", "operator", operator);
    Map<String, Object> spec =
        new java.util.HashMap<>(
            Map.of(
                "version",
                "v1.31.4+k3s1",
                "nodeSelector",
                Map.of("matchExpressions", List.of(expression))));
    if (!prepare.isEmpty()) {
      spec.put("prepare", Map.of("image", "rancher/k3s-upgrade", "args", prepare));
    }
    return Map.of(
        "apiVersion",
        "upgrade.cattle.io/v1",
        "kind",
        "Plan",
        "metadata",
        Map.of("name", name, "namespace", "system-upgrade"),
        "spec",
        spec);
  }

  private static final Map<String, Object> CONTROLLER =
      Map.of(
          "kind",
          "Deployment",
          "metadata",
          Map.of("name", "system-upgrade-controller", "namespace", "system-upgrade"));

  private static Map<String, String> at(PlanWatcher watcher, long millis) {
    return watcher.versions(NODES, "v1.30.2+k3s1", T0.plusMillis(millis));
  }

  @Test
  void withoutTheControllerPlansDoNothing() {
    PlanWatcher watcher = new PlanWatcher();
    watcher.apply(plan("server-plan", "In", List.of()), T0);
    assertEquals(Map.of("s1", "v1.30.2+k3s1", "a1", "v1.30.2+k3s1"), at(watcher, 60_000));
  }

  @Test
  void serversFirstThenAgentsAfterTheServerPlanIsDone() {
    PlanWatcher watcher = new PlanWatcher();
    watcher.apply(CONTROLLER, T0);
    watcher.apply(plan("server-plan", "In", List.of()), T0);
    watcher.apply(plan("agent-plan", "DoesNotExist", List.of("prepare", "server-plan")), T0);
    long step = PlanWatcher.UPGRADE_TIME.toMillis();

    assertEquals(Map.of("s1", "v1.30.2+k3s1", "a1", "v1.30.2+k3s1"), at(watcher, step - 1));
    assertEquals(Map.of("s1", "v1.31.4+k3s1", "a1", "v1.30.2+k3s1"), at(watcher, step));
    assertEquals(Map.of("s1", "v1.31.4+k3s1", "a1", "v1.30.2+k3s1"), at(watcher, 2 * step - 1));
    assertEquals(Map.of("s1", "v1.31.4+k3s1", "a1", "v1.31.4+k3s1"), at(watcher, 2 * step));
  }

  @Test
  void anAgentPlanWaitsForItsPrepareEvenWhenSeenFirst() {
    PlanWatcher watcher = new PlanWatcher();
    watcher.apply(CONTROLLER, T0);
    watcher.apply(plan("agent-plan", "DoesNotExist", List.of("prepare", "server-plan")), T0);
    assertEquals("v1.30.2+k3s1", at(watcher, 60_000).get("a1"), "no server plan: it waits");
  }
}
