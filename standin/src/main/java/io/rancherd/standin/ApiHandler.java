package io.rancherd.standin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsExchange;
import java.io.IOException;
import java.security.cert.Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * The few Kubernetes API reads the stand-in answers, and Rancher's objects ({@link RancherStore}).
 * Like kube-apiserver with {@code anonymous-auth=false}, every request needs a client certificate
 * signed by the client CA (checked in the TLS handshake); without one the answer is 401.
 */
final class ApiHandler implements HttpHandler {

  private static final Pattern NODE = Pattern.compile("/api/v1/nodes/([^/]+)");
  private static final Pattern DEPLOYMENT =
      Pattern.compile("/apis/apps/v1/namespaces/([^/]+)/deployments/([^/]+)");
  private static final String RANCHER_NAMESPACE = "cattle-system";
  private static final Set<String> RANCHER_DEPLOYMENTS = Set.of("rancher", "rancher-webhook");

  private static final String NOT_READY =
      "[-]poststarthook/standin-startup failed: not finished\nreadyz check failed";

  private static final int MAX_BODY = 1024 * 1024;

  private final ClusterState cluster;
  private final RancherStore rancher;

  ApiHandler(ClusterState cluster, RancherStore rancher) {
    this.cluster = cluster;
    this.rancher = rancher;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      reply(exchange).send(exchange);
    } catch (RuntimeException e) {
      Log.warn("API request " + exchange.getRequestURI() + " failed: " + e);
      Reply.text(500, "internal error").send(exchange);
    }
  }

  private Reply reply(HttpExchange exchange) throws IOException {
    versions();
    if (cluster.plans().restarting(cluster.self().name(), Instant.now())) {
      // the upgrade job restarts this server: nothing answers until the new binary is up
      return Reply.text(503, "the server is currently unable to handle the request");
    }
    if (!authenticated(exchange)) {
      return Reply.kube(KubeObjects.unauthorized());
    }
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY);
    Optional<Reply> rancherObject =
        rancher.handle(method, path, exchange.getRequestURI().getRawQuery(), body);
    if (rancherObject.isPresent()) {
      return rancherObject.get();
    }
    if (!method.equals("GET") && !method.equals("HEAD")) {
      return Reply.kube(KubeObjects.notFoundPath(path));
    }
    return switch (path) {
      case "/readyz" -> cluster.apiReady() ? Reply.text(200, "ok") : Reply.text(503, NOT_READY);
      case "/livez", "/healthz" -> Reply.text(200, "ok");
      case "/version" -> Reply.json(200, KubeObjects.version(cluster.version()));
      case "/api/v1/nodes" -> Reply.kube(KubeObjects.nodeList(nodes()));
      default -> resource(path);
    };
  }

  private Reply resource(String path) {
    Matcher node = NODE.matcher(path);
    if (node.matches()) {
      String name = node.group(1);
      return Reply.kube(node(name).orElseGet(() -> KubeObjects.notFound(null, "nodes", name)));
    }
    Matcher deployment = DEPLOYMENT.matcher(path);
    if (deployment.matches()) {
      return Reply.kube(deployment(deployment.group(1), deployment.group(2)));
    }
    return Reply.kube(KubeObjects.notFoundPath(path));
  }

  /** The server's own node and the registered ones, by name, as etcd lists them. */
  private List<Map<String, Object>> nodes() {
    Map<String, String> versions = versions();
    Map<String, Map<String, Object>> byName = new TreeMap<>();
    byName.put(cluster.self().name(), self(versions));
    cluster
        .nodes()
        .nodes()
        .forEach(entry -> byName.put(entry.info().name(), registered(entry, versions)));
    return new ArrayList<>(byName.values());
  }

  private Optional<Map<String, Object>> node(String name) {
    Map<String, String> versions = versions();
    return name.equals(cluster.self().name())
        ? Optional.of(self(versions))
        : cluster.nodes().node(name).map(entry -> registered(entry, versions));
  }

  /** Each node's kubelet version: the installed one, or what an upgrade plan made it. */
  private Map<String, String> versions() {
    List<NodeInfo> all = new ArrayList<>();
    all.add(cluster.self());
    cluster.nodes().nodes().forEach(entry -> all.add(entry.info()));
    return cluster.plans().versions(all, cluster.version(), Instant.now());
  }

  private Map<String, Object> self(Map<String, String> versions) {
    return KubeObjects.node(
        cluster.self(),
        cluster.nodeReady(),
        versions.getOrDefault(cluster.self().name(), cluster.version()),
        cluster.started());
  }

  /** A node that registered: Ready from then on (its kubelet is the stand-in's healthz). */
  private Map<String, Object> registered(NodeRegistry.Entry entry, Map<String, String> versions) {
    return KubeObjects.node(
        entry.info(),
        true,
        versions.getOrDefault(entry.info().name(), cluster.version()),
        entry.registered());
  }

  private Map<String, Object> deployment(String namespace, String name) {
    if (PlanWatcher.CONTROLLER_NAMESPACE.equals(namespace) && PlanWatcher.CONTROLLER.equals(name)) {
      return cluster
          .plans()
          .controllerSince()
          .map(
              since ->
                  KubeObjects.deployment(
                      namespace,
                      name,
                      true,
                      since,
                      Map.of("app.kubernetes.io/name", name),
                      "rancher/system-upgrade-controller"))
          .orElseGet(() -> KubeObjects.notFound("apps", "deployments", name));
    }
    boolean deployed = cluster.charts().deployed();
    if (!deployed || !RANCHER_NAMESPACE.equals(namespace) || !RANCHER_DEPLOYMENTS.contains(name)) {
      return KubeObjects.notFound("apps", "deployments", name);
    }
    ChartWatcher.Chart chart = cluster.charts().chart().get();
    Map<String, Object> object =
        KubeObjects.deployment(
            namespace,
            name,
            cluster.rancherAvailable(),
            chart.seen(),
            cluster.charts().runningVersion().orElse(chart.version()));
    int hostPort = RancherHttp.hostPort(chart.values());
    if (name.equals("rancher") && hostPort > 0) {
      withPorts(object, hostPort);
    }
    return object;
  }

  /**
   * The chart's container ports (rancher/rancher v2.8.0 {@code chart/templates/deployment.yaml}):
   * 80, and 444 on {@code hostPort}.
   */
  @SuppressWarnings("unchecked")
  private static void withPorts(Map<String, Object> deployment, int hostPort) {
    Map<String, Object> spec = (Map<String, Object>) deployment.get("spec");
    Map<String, Object> template = (Map<String, Object>) spec.get("template");
    Map<String, Object> podSpec = (Map<String, Object>) template.get("spec");
    for (Object container : (List<Object>) podSpec.get("containers")) {
      ((Map<String, Object>) container)
          .put(
              "ports",
              List.of(
                  KubeObjects.map("containerPort", 80, "protocol", "TCP"),
                  KubeObjects.map("containerPort", 444, "hostPort", hostPort, "protocol", "TCP")));
    }
  }

  private static boolean authenticated(HttpExchange exchange) {
    if (!(exchange instanceof HttpsExchange https)) {
      return false;
    }
    try {
      Certificate[] peer = https.getSSLSession().getPeerCertificates();
      return peer != null && peer.length > 0;
    } catch (SSLPeerUnverifiedException e) {
      return false;
    }
  }
}
