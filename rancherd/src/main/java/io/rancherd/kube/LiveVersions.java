package io.rancherd.kube;

import com.fasterxml.jackson.databind.JsonNode;
import io.rancherd.fs.Root;
import io.rancherd.runtime.Runtime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the live cluster says about versions, through the runtime's admin kubeconfig: each node's
 * kubelet version, and the Rancher deployment's version (the tag of its image, as the Rancher chart
 * sets it from its app version).
 *
 * @param server the API server asked
 * @param nodes {@code name version} per node, in the API's order
 * @param rancher the Rancher deployment's version, when it is there
 */
public record LiveVersions(String server, List<String> nodes, Optional<String> rancher) {

  /** Where Rancher's chart puts its deployment. */
  public static final String RANCHER_DEPLOYMENT =
      "/apis/apps/v1/namespaces/cattle-system/deployments/rancher";

  public LiveVersions {
    nodes = List.copyOf(nodes);
  }

  /** Asks the cluster of {@code runtime} on this node. */
  public static LiveVersions read(Root root, Runtime runtime)
      throws KubeException, KubeconfigException {
    KubeClient client = KubeClient.create(Kubeconfig.load(root, runtime.adminKubeconfig()));
    List<String> nodes = new ArrayList<>();
    JsonNode items = client.get("/api/v1/nodes").map(n -> n.path("items")).orElse(null);
    for (JsonNode node : items == null ? List.<JsonNode>of() : items) {
      nodes.add(
          node.path("metadata").path("name").asText()
              + " "
              + node.path("status").path("nodeInfo").path("kubeletVersion").asText("?"));
    }
    Optional<String> rancher = client.get(RANCHER_DEPLOYMENT).flatMap(LiveVersions::rancherVersion);
    return new LiveVersions(client.kubeconfig().server(), nodes, rancher);
  }

  /** The Rancher version a Rancher deployment runs: its image's tag, else its chart label. */
  public static Optional<String> rancherVersion(JsonNode deployment) {
    for (JsonNode container :
        deployment.path("spec").path("template").path("spec").path("containers")) {
      String image = container.path("image").asText("");
      int colon = image.lastIndexOf(':');
      if (image.contains("rancher/rancher") && colon > image.lastIndexOf('/')) {
        return Optional.of(image.substring(colon + 1));
      }
    }
    String chart = deployment.path("metadata").path("labels").path("chart").asText("");
    return chart.startsWith("rancher-")
        ? Optional.of("v" + chart.substring("rancher-".length()))
        : Optional.empty();
  }
}
