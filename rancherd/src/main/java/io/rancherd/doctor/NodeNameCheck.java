package io.rancherd.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import io.rancherd.config.RancherdConfig;
import io.rancherd.error.UnexpectedStateException;
import io.rancherd.fs.Root;
import io.rancherd.kube.KubeClient;
import io.rancherd.kube.KubeException;
import io.rancherd.kube.Kubeconfig;
import io.rancherd.kube.KubeconfigException;
import io.rancherd.kube.NodeName;
import io.rancherd.runtime.Runtime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Optional;

/**
 * Whether the node name this node registers under is taken by another machine: the Node object of
 * that name, read with the runtime's admin kubeconfig, reports a machine-id other than this
 * machine's {@code /etc/machine-id}. Only where the admin kubeconfig exists (server nodes whose
 * runtime has started); the request goes only to the API server the kubeconfig names, verified with
 * the kubeconfig's CA.
 */
final class NodeNameCheck implements Check {

  static final String NAME = "node-name";
  static final String MACHINE_ID = "/etc/machine-id";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Finding run(DoctorContext context, Findings earlier) {
    if (context.config().isEmpty() || context.runtime().isEmpty()) {
      return Finding.skip(
          NAME,
          context.configError().isPresent()
              ? "the config did not load"
              : "the role decision failed");
    }
    Root root = context.state().root();
    Runtime runtime = context.runtime().get();
    if (!Files.isRegularFile(root.path(runtime.adminKubeconfig()))) {
      return Finding.skip(
          NAME,
          "the Kubernetes API is not reachable from this node: there is no "
              + runtime.adminKubeconfig()
              + " (servers have one once "
              + runtime
              + " has started; agents have none)");
    }
    String nodeName;
    Optional<JsonNode> node;
    try {
      RancherdConfig config = context.config().get().config();
      nodeName = NodeName.resolve(config.node().nodeName(), config.node().extraConfig(), root);
      node =
          KubeClient.create(Kubeconfig.load(root, runtime.adminKubeconfig()))
              .get("/api/v1/nodes/" + nodeName);
    } catch (KubeconfigException | KubeException e) {
      return Finding.skip(
          NAME, "the Kubernetes API is not reachable from this node: " + e.getMessage());
    } catch (UnexpectedStateException e) {
      return Finding.skip(NAME, e.getMessage());
    }
    if (node.isEmpty()) {
      return Finding.pass(NAME, "no node named " + nodeName + " is registered yet");
    }
    return compare(
        nodeName, node.get().path("status").path("nodeInfo").path("machineID").asText(""), root);
  }

  private static Finding compare(String nodeName, String theirs, Root root) {
    Optional<String> ours = machineId(root);
    if (ours.isEmpty()) {
      return Finding.skip(
          NAME,
          "node "
              + nodeName
              + " is registered, and "
              + MACHINE_ID
              + " of this machine cannot be read to tell whether it is this one");
    }
    if (theirs.isEmpty()) {
      return Finding.skip(
          NAME, "node " + nodeName + " is registered without a machine-id to compare");
    }
    if (!theirs.equals(ours.get())) {
      return Finding.fail(
          NAME,
          "node "
              + nodeName
              + " is registered to another machine: its machine-id is "
              + theirs
              + ", this machine's is "
              + ours.get(),
          "set nodeName to a unique name, or remove the old node: kubectl delete node " + nodeName);
    }
    return Finding.pass(
        NAME, "node " + nodeName + " is registered to this machine (machine-id " + theirs + ")");
  }

  private static Optional<String> machineId(Root root) {
    try {
      String id = Files.readString(root.path(MACHINE_ID), StandardCharsets.US_ASCII).trim();
      return id.isEmpty() ? Optional.empty() : Optional.of(id);
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
