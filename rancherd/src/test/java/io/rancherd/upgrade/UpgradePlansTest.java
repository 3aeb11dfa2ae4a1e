package io.rancherd.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rancherd.runtime.Runtime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

class UpgradePlansTest {

  private static List<Object> load(String text) {
    List<Object> documents = new java.util.ArrayList<>();
    new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(text).forEach(documents::add);
    return documents;
  }

  @Test
  void serverAndAgentPlansAsTheRuntimeDocsGiveThem() {
    List<Object> plans = load(UpgradePlans.manifest(Runtime.K3S, "v1.31.4+k3s1", Optional.empty()));

    assertEquals(2, plans.size());
    assertEquals(
        Map.of(
            "apiVersion",
            "upgrade.cattle.io/v1",
            "kind",
            "Plan",
            "metadata",
            Map.of(
                "name",
                "server-plan",
                "namespace",
                "system-upgrade",
                "labels",
                Map.of("app.kubernetes.io/managed-by", "rancherd")),
            "spec",
            Map.of(
                "concurrency",
                1,
                "cordon",
                true,
                "nodeSelector",
                Map.of(
                    "matchExpressions",
                    List.of(
                        Map.of(
                            "key",
                            "node-role.kubernetes.io/control-plane",
                            "operator",
                            "In",
                            "values",
                            List.of("true")))),
                "serviceAccountName",
                "system-upgrade",
                "tolerations",
                List.of(Map.of("operator", "Exists")),
                "upgrade",
                Map.of("image", "rancher/k3s-upgrade"),
                "version",
                "v1.31.4+k3s1")),
        plans.get(0));
    Map<?, ?> agent = (Map<?, ?>) ((Map<?, ?>) plans.get(1)).get("spec");
    assertEquals(
        Map.of("image", "rancher/k3s-upgrade", "args", List.of("prepare", "server-plan")),
        agent.get("prepare"));
    assertEquals(
        Map.of(
            "matchExpressions",
            List.of(
                Map.of(
                    "key", "node-role.kubernetes.io/control-plane", "operator", "DoesNotExist"))),
        agent.get("nodeSelector"));
    assertEquals(true, agent.get("cordon"));
    assertEquals(1, agent.get("concurrency"));
  }

  @Test
  void theImageIsBehindTheSystemDefaultRegistry() {
    assertEquals(
        "registry.example.com:5000/rancher/rke2-upgrade",
        UpgradePlans.image(Runtime.RKE2, Optional.of("registry.example.com:5000/")));
    assertEquals("rancher/rke2-upgrade", UpgradePlans.image(Runtime.RKE2, Optional.of(" ")));
  }
}
