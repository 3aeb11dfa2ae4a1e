package io.rancherd.standin;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The labels a node registers with: the well-known ones, the role labels of a server (agents have
 * none), then {@code node-label} values. Sent as {@code k=v,k=v} (label values hold no commas).
 */
final class NodeLabels {

  private NodeLabels() {}

  static Map<String, String> of(
      Program program, RuntimeConfig config, String nodeName, boolean server) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("kubernetes.io/arch", StandInArtifacts.arch());
    labels.put("kubernetes.io/hostname", nodeName);
    labels.put("kubernetes.io/os", "linux");
    if (server) {
      boolean controlPlane = !config.bool("disable-apiserver");
      if (controlPlane) {
        labels.put("node-role.kubernetes.io/control-plane", "true");
      }
      if (hasEtcd(program, config)) {
        labels.put("node-role.kubernetes.io/etcd", "true");
      }
      if (controlPlane) {
        labels.put("node-role.kubernetes.io/master", "true");
      }
    }
    labels.putAll(decode(String.join(",", config.list("node-label"))));
    return labels;
  }

  /**
   * RKE2 always runs etcd; k3s with {@code cluster-init}, or when it joins a cluster (which needs
   * etcd); neither with {@code disable-etcd}.
   */
  private static boolean hasEtcd(Program program, RuntimeConfig config) {
    if (config.bool("disable-etcd")) {
      return false;
    }
    return program == Program.RKE2
        || config.bool("cluster-init")
        || config.string("server").isPresent();
  }

  static String encode(Map<String, String> labels) {
    StringBuilder text = new StringBuilder();
    labels.forEach(
        (key, value) ->
            text.append(text.length() == 0 ? "" : ",").append(key).append('=').append(value));
    return text.toString();
  }

  static Map<String, String> decode(String text) {
    Map<String, String> labels = new LinkedHashMap<>();
    for (String label : text == null ? new String[0] : text.split(",")) {
      if (!label.isBlank()) {
        int eq = label.indexOf('=');
        labels.put(
            eq < 0 ? label.trim() : label.substring(0, eq).trim(),
            eq < 0 ? "" : label.substring(eq + 1).trim());
      }
    }
    return labels;
  }
}
