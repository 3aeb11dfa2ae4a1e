package io.rancherd.upgrade;

import com.fasterxml.jackson.databind.JsonNode;
import io.rancherd.error.RancherdException;
import io.rancherd.error.UnexpectedStateException;
import io.rancherd.fs.Root;
import io.rancherd.kube.KubeClient;
import io.rancherd.kube.Kubeconfig;
import io.rancherd.kube.LiveVersions;
import io.rancherd.kube.Readiness;
import io.rancherd.runtime.Runtime;
import io.rancherd.wait.CheckResult;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** What upgrade asks the cluster, through the runtime's admin kubeconfig on this node. */
final class ClusterView {

  /**
   * The controller's Deployment, as its release manifest names it
   * (rancher/system-upgrade-controller {@code manifests/system-upgrade-controller.yaml}).
   */
  static final String CONTROLLER =
      "/apis/apps/v1/namespaces/"
          + UpgradePlans.NAMESPACE
          + "/deployments/"
          + ControllerManifest.DEPLOYMENT;

  static final String RANCHER_CONTROLLER =
      "/apis/apps/v1/namespaces/cattle-system/deployments/" + ControllerManifest.DEPLOYMENT;

  private final KubeClient client;

  private ClusterView(KubeClient client) {
    this.client = client;
  }

  static ClusterView of(Root root, Runtime runtime) throws RancherdException {
    return new ClusterView(KubeClient.create(Kubeconfig.load(root, runtime.adminKubeconfig())));
  }

  String server() {
    return client.kubeconfig().server();
  }

  /** Each node's name and the release its kubelet reports, by name. */
  Map<String, KubeRelease> nodes() throws RancherdException {
    Map<String, KubeRelease> nodes = new TreeMap<>();
    JsonNode items = client.get("/api/v1/nodes").map(n -> n.path("items")).orElse(null);
    for (JsonNode node : items == null ? List.<JsonNode>of() : items) {
      String name = node.path("metadata").path("name").asText();
      String version = node.path("status").path("nodeInfo").path("kubeletVersion").asText("");
      KubeRelease release =
          KubeRelease.parse(version)
              .orElseThrow(
                  () ->
                      new UnexpectedStateException(
                          "node "
                              + name
                              + " reports kubelet version \""
                              + version
                              + "\", which is not a k3s or RKE2 release; upgrade only upgrades"
                              + " clusters of k3s or RKE2 nodes"));
      nodes.put(name, release);
    }
    return nodes;
  }

  /**
   * Whether Rancher runs its own system-upgrade-controller ({@code cattle-system}): Rancher then
   * manages the local cluster's Kubernetes version (the k3s and RKE2 "automated upgrades" docs: a
   * cluster imported into Rancher has its controller and plans managed by Rancher; the original
   * rancherd upgrades through Rancher's {@code fleet-local/local} cluster).
   */
  boolean rancherManagesUpgrades() throws RancherdException {
    return client.get(RANCHER_CONTROLLER).isPresent();
  }

  boolean controllerDeployed() throws RancherdException {
    return client.get(CONTROLLER).isPresent();
  }

  /**
   * Whether the Rancher deployment runs {@code chartVersion} (its image tag is {@code v} and the
   * chart version, as the chart sets it) and is available; the detail says what it runs.
   */
  CheckResult rancher(String chartVersion) throws RancherdException {
    Optional<JsonNode> deployment = client.get(LiveVersions.RANCHER_DEPLOYMENT);
    String want = "v" + chartVersion.replaceFirst("^v", "");
    Optional<String> runs = deployment.flatMap(LiveVersions::rancherVersion);
    if (runs.isEmpty() || !runs.get().equals(want)) {
      return new CheckResult(
          false,
          "the Rancher deployment on "
              + want
              + " (it runs "
              + runs.orElse(deployment.isPresent() ? "an unknown version" : "nothing yet")
              + ")");
    }
    CheckResult available = Readiness.deployment(deployment);
    return new CheckResult(
        available.success(), "the Rancher deployment on " + want + ": " + available.detail());
  }
}
