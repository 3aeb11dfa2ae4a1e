package io.rancherd.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.rancherd.kube.KubeClient;
import io.rancherd.kube.KubeException;
import java.util.Optional;

/**
 * Where a browser reaches Rancher, in the order rancher/rancherd {@code pkg/auth/auth.go} ({@code
 * getServerURL}) tries: Rancher's {@code server-url} setting (its {@code value}, else its {@code
 * default}: the original returns the empty value there, quirk Q12), else a node's external, else
 * internal, IP with the host port of the Rancher deployment (the chart's {@code hostPort}, 8443 as
 * rancherd installs it, mapped to Rancher's internal HTTPS listener). The original's second source,
 * the first {@code tls-san} of {@code /etc/rancher/rke2/config.yaml}, is left out: it names the API
 * server, not necessarily a host Rancher runs on.
 */
final class RancherUrl {

  static final String SERVER_URL_SETTING = "/apis/management.cattle.io/v3/settings/server-url";

  private RancherUrl() {}

  /** The URL, or empty when neither the setting nor a host port tells it. */
  static Optional<String> of(KubeClient kube, JsonNode deployment) throws KubeException {
    Optional<JsonNode> setting = kube.get(SERVER_URL_SETTING);
    if (setting.isPresent()) {
      for (String field : new String[] {"value", "default"}) {
        String url = setting.get().path(field).asText("");
        if (!url.isBlank()) {
          return Optional.of(url.trim());
        }
      }
    }
    int hostPort = hostPort(deployment);
    if (hostPort <= 0) {
      return Optional.empty();
    }
    JsonNode nodes = kube.get("/api/v1/nodes").map(n -> n.path("items")).orElse(null);
    if (nodes == null || nodes.isEmpty()) {
      return Optional.empty();
    }
    JsonNode addresses = nodes.get(0).path("status").path("addresses");
    for (String type : new String[] {"ExternalIP", "InternalIP"}) {
      for (JsonNode address : addresses) {
        if (type.equals(address.path("type").asText())) {
          String ip = address.path("address").asText();
          return Optional.of(
              "https://" + (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + hostPort);
        }
      }
    }
    return Optional.empty();
  }

  /** The first {@code hostPort} among the containers of the Rancher deployment, or 0. */
  static int hostPort(JsonNode deployment) {
    for (JsonNode container :
        deployment.path("spec").path("template").path("spec").path("containers")) {
      for (JsonNode port : container.path("ports")) {
        int hostPort = port.path("hostPort").asInt(0);
        if (hostPort > 0) {
          return hostPort;
        }
      }
    }
    return 0;
  }
}
