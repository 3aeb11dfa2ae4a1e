package io.rancherd.standin;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The few Kubernetes API objects the stand-in answers with, as JSON-ready maps. */
final class KubeObjects {

  private KubeObjects() {}

  static Map<String, Object> unauthorized() {
    return status(401, "Unauthorized", "Unauthorized", null);
  }

  static Map<String, Object> notFound(String group, String kind, String name) {
    Map<String, Object> details = map("name", name);
    if (group != null) {
      details.put("group", group);
    }
    details.put("kind", kind);
    String resource = group == null ? kind : kind + "." + group;
    return status(404, "NotFound", resource + " \"" + name + "\" not found", details);
  }

  static Map<String, Object> notFoundPath(String path) {
    return status(
        404,
        "NotFound",
        "the server could not find the requested resource (get " + path + ")",
        null);
  }

  static Map<String, Object> alreadyExists(String group, String kind, String name) {
    String resource = group == null ? kind : kind + "." + group;
    return status(
        409,
        "AlreadyExists",
        resource + " \"" + name + "\" already exists",
        map("name", name, "kind", kind));
  }

  static Map<String, Object> conflict(String group, String kind, String name) {
    String resource = group == null ? kind : kind + "." + group;
    return status(
        409,
        "Conflict",
        "Operation cannot be fulfilled on "
            + resource
            + " \""
            + name
            + "\": the object has been modified; please apply your changes to the latest version"
            + " and try again",
        map("name", name, "kind", kind));
  }

  static Map<String, Object> badRequest(String message) {
    return status(400, "BadRequest", message, null);
  }

  static Map<String, Object> methodNotAllowed(String method) {
    return status(
        405,
        "MethodNotAllowed",
        "the server does not allow this method on the requested resource (" + method + ")",
        null);
  }

  static Map<String, Object> node(NodeInfo node, boolean ready, String version, Instant created) {
    Map<String, Object> condition =
        map(
            "type",
            "Ready",
            "status",
            ready ? "True" : "False",
            "lastHeartbeatTime",
            timestamp(Instant.now()),
            "lastTransitionTime",
            timestamp(created),
            "reason",
            ready ? "KubeletReady" : "KubeletNotReady",
            "message",
            ready
                ? "kubelet is posting ready status"
                : "container runtime network not ready: NetworkReady=false");
    return map(
        "kind",
        "Node",
        "apiVersion",
        "v1",
        "metadata",
        map(
            "name",
            node.name(),
            "uid",
            uid(node.name()),
            "resourceVersion",
            "1",
            "creationTimestamp",
            timestamp(created),
            "labels",
            node.labels()),
        "spec",
        map("podCIDR", "10.42.0.0/24"),
        "status",
        map(
            "conditions",
            List.of(condition),
            "addresses",
            List.of(
                map("type", "InternalIP", "address", node.address()),
                map("type", "Hostname", "address", node.name())),
            "nodeInfo",
            map(
                "machineID",
                node.machineId(),
                "kubeletVersion",
                version,
                "kubeProxyVersion",
                version,
                "operatingSystem",
                "linux",
                "architecture",
                StandInArtifacts.arch(),
                "containerRuntimeVersion",
                "containerd://standin")));
  }

  static Map<String, Object> nodeList(List<Map<String, Object>> nodes) {
    return map(
        "kind",
        "NodeList",
        "apiVersion",
        "v1",
        "metadata",
        map("resourceVersion", "1"),
        "items",
        nodes);
  }

  /** A Deployment with one replica, available or not. */
  /**
   * A deployment of the Rancher chart {@code chartVersion}: labelled {@code chart:
   * rancher-<version>} with the image {@code rancher/rancher:v<version>}, as the chart's templates
   * make it (its app version is {@code v} and the chart version).
   */
  static Map<String, Object> deployment(
      String namespace, String name, boolean available, Instant created, String chartVersion) {
    String version = chartVersion.replaceFirst("^v", "");
    return deployment(
        namespace,
        name,
        available,
        created,
        map("app", name, "chart", "rancher-" + version),
        "rancher/rancher:v" + version);
  }

  /** A Deployment with one replica of {@code image}, available or not. */
  static Map<String, Object> deployment(
      String namespace,
      String name,
      boolean available,
      Instant created,
      Map<String, ?> labels,
      String image) {
    Map<String, Object> status = map("observedGeneration", 1, "replicas", 1, "updatedReplicas", 1);
    status.put("readyReplicas", available ? 1 : 0);
    status.put("availableReplicas", available ? 1 : 0);
    if (!available) {
      status.put("unavailableReplicas", 1);
    }
    status.put(
        "conditions",
        List.of(
            map(
                "type",
                "Available",
                "status",
                available ? "True" : "False",
                "reason",
                available ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
                "message",
                available
                    ? "Deployment has minimum availability."
                    : "Deployment does not have minimum availability."),
            map(
                "type",
                "Progressing",
                "status",
                "True",
                "reason",
                available ? "NewReplicaSetAvailable" : "ReplicaSetUpdated",
                "message",
                "ReplicaSet \""
                    + name
                    + "-standin\" "
                    + (available ? "has successfully progressed." : "is progressing."))));
    return map(
        "kind",
        "Deployment",
        "apiVersion",
        "apps/v1",
        "metadata",
        map(
            "name",
            name,
            "namespace",
            namespace,
            "uid",
            uid(namespace + "/" + name),
            "generation",
            1,
            "resourceVersion",
            "1",
            "creationTimestamp",
            timestamp(created),
            "labels",
            new java.util.LinkedHashMap<>(labels)),
        "spec",
        map(
            "replicas",
            1,
            "selector",
            map("matchLabels", map("app", name)),
            "template",
            map("spec", map("containers", List.of(map("name", name, "image", image))))),
        "status",
        status);
  }

  static Map<String, Object> version(String gitVersion) {
    return map(
        "major",
        "1",
        "minor",
        gitVersion.replaceAll("^v\\d+\\.(\\d+).*", "$1"),
        "gitVersion",
        gitVersion,
        "platform",
        "linux/" + StandInArtifacts.arch());
  }

  private static Map<String, Object> status(
      int code, String reason, String message, Map<String, Object> details) {
    Map<String, Object> status =
        map(
            "kind",
            "Status",
            "apiVersion",
            "v1",
            "metadata",
            Map.of(),
            "status",
            "Failure",
            "message",
            message,
            "reason",
            reason);
    if (details != null) {
      status.put("details", details);
    }
    status.put("code", code);
    return status;
  }

  private static String timestamp(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static String uid(String seed) {
    return java.util
        .UUID
        .nameUUIDFromBytes(seed.getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .toString();
  }

  static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}
