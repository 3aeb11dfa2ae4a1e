package io.rancherd.upgrade;

import io.rancherd.runtime.ManifestYaml;
import io.rancherd.runtime.Runtime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The system-upgrade-controller {@code Plan}s ({@code upgrade.cattle.io/v1}) that upgrade a k3s or
 * RKE2 cluster, as the runtimes' automated-upgrade docs give them
 * (https://docs.k3s.io/upgrades/automated, https://docs.rke2.io/upgrades/automated): a server plan
 * for the control-plane nodes and an agent plan for the others, both with concurrency 1 and cordon,
 * in namespace {@code system-upgrade} with service account {@code system-upgrade} (what the
 * controller's manifest creates); the agent plan's {@code prepare} container runs the upgrade image
 * with {@code prepare server-plan}, which waits until the server plan is done, so servers are
 * upgraded before agents. The image is {@code rancher/k3s-upgrade} or {@code rancher/rke2-upgrade},
 * tagged by the controller from the plan's {@code version}, behind {@code system-default-registry}
 * when the runtime has one. Pure: no IO.
 */
final class UpgradePlans {

  /** The manifest's file name in the runtime's manifests directory. */
  static final String FILE_NAME = "rancherd-upgrade.yaml";

  static final String NAMESPACE = "system-upgrade";
  static final String SERVER_PLAN = "server-plan";
  static final String AGENT_PLAN = "agent-plan";
  private static final String CONTROL_PLANE = "node-role.kubernetes.io/control-plane";

  private UpgradePlans() {}

  /** The upgrade image of {@code runtime}, behind {@code registry} when one is given. */
  static String image(Runtime runtime, Optional<String> registry) {
    String image = "rancher/" + runtime.id() + "-upgrade";
    return registry
        .filter(r -> !r.isBlank())
        .map(r -> r.replaceAll("/+$", "") + "/" + image)
        .orElse(image);
  }

  /** Both plans, as one YAML stream. */
  static String manifest(Runtime runtime, String version, Optional<String> registry) {
    String image = image(runtime, registry);
    Map<String, Object> server =
        plan(
            SERVER_PLAN,
            version,
            image,
            Map.of("key", CONTROL_PLANE, "operator", "In", "values", List.of("true")));
    Map<String, Object> agent =
        plan(AGENT_PLAN, version, image, Map.of("key", CONTROL_PLANE, "operator", "DoesNotExist"));
    @SuppressWarnings("unchecked")
    Map<String, Object> spec = (Map<String, Object>) agent.get("spec");
    Map<String, Object> prepare = new LinkedHashMap<>();
    prepare.put("image", image);
    prepare.put("args", List.of("prepare", SERVER_PLAN));
    spec.put("prepare", prepare);
    return ManifestYaml.dumpAll(List.of(server, agent));
  }

  private static Map<String, Object> plan(
      String name, String version, String image, Map<String, Object> selector) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", name);
    metadata.put("namespace", NAMESPACE);
    metadata.put("labels", Map.of("app.kubernetes.io/managed-by", "rancherd"));
    Map<String, Object> expression = new LinkedHashMap<>();
    expression.put("key", selector.get("key"));
    expression.put("operator", selector.get("operator"));
    if (selector.containsKey("values")) {
      expression.put("values", selector.get("values"));
    }
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("concurrency", 1);
    spec.put("cordon", true);
    spec.put("nodeSelector", Map.of("matchExpressions", List.of(expression)));
    spec.put("serviceAccountName", NAMESPACE);
    // the job must run on every selected node, tainted ones included (the RKE2 docs' server plan
    // tolerates CriticalAddonsOnly and the etcd/control-plane NoExecute taints): tolerate all
    spec.put("tolerations", List.of(Map.of("operator", "Exists")));
    spec.put("upgrade", Map.of("image", image));
    spec.put("version", version);
    Map<String, Object> plan = new LinkedHashMap<>();
    plan.put("apiVersion", "upgrade.cattle.io/v1");
    plan.put("kind", "Plan");
    plan.put("metadata", metadata);
    plan.put("spec", spec);
    return plan;
  }
}
