package io.rancherd.standin;

import com.sun.net.httpserver.HttpExchange;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The supervisor routes through which nodes join (runtimes.md §4.2, §4.3). Agents, as user {@code
 * node}, fetch {@code serving-kubelet.crt} / {@code client-kubelet.crt} with their node headers;
 * joining servers, as user {@code server}, fetch {@code server-bootstrap} (the stand-in's joiner
 * sends its node headers there too, since the stand-in has no shared datastore through which its
 * kubelet would register). Wrong credentials get 401, the other user 403, a node name bound to
 * another node password 403. Accepted registrations are recorded in the {@link NodeRegistry}.
 */
final class RegistrationHandler {

  private final ClusterState cluster;
  private final ServerCerts certs;

  RegistrationHandler(ClusterState cluster, ServerCerts certs) {
    this.cluster = cluster;
    this.certs = certs;
  }

  /**
   * {@code serving-kubelet.crt} (serving) or {@code client-kubelet.crt}: certificate chain, then
   * key.
   */
  Reply kubeletCertificate(HttpExchange exchange, boolean serving) {
    Optional<Reply> denied = authorize(exchange, BasicAuth.NODE);
    if (denied.isPresent()) {
      return denied.get();
    }
    NodeIdentity node = NodeIdentity.fromHeaders(cluster.program(), exchange.getRequestHeaders());
    String line =
        serving
            ? "registered node "
                + node.info().name()
                + " as node ("
                + cluster.program().id()
                + " agent)"
            : null;
    if (!accepted(exchange, node, line)) {
      return Reply.text(403, "Forbidden");
    }
    Pki.Issued ca = serving ? certs.serverCa() : certs.clientCa();
    Pki.Issued issued =
        serving
            ? servingCertificate(ca, node.info())
            : Pki.client(ca, "system:node:" + node.info().name(), "system:nodes");
    String body = issued.certificatePem() + ca.certificatePem() + issued.keyPem();
    return new Reply(200, "text/plain", body.getBytes(StandardCharsets.US_ASCII));
  }

  /** {@code server-bootstrap}: the cluster CAs, for a server that joins. */
  Reply serverBootstrap(HttpExchange exchange) {
    Optional<Reply> denied = authorize(exchange, BasicAuth.SERVER);
    if (denied.isPresent()) {
      return denied.get();
    }
    NodeIdentity node = NodeIdentity.fromHeaders(cluster.program(), exchange.getRequestHeaders());
    String line =
        "joined server "
            + node.info().name()
            + " as server ("
            + cluster.program().id()
            + " server)";
    if (!accepted(exchange, node, line)) {
      return Reply.text(403, "Forbidden");
    }
    return new Reply(200, "application/json", BootstrapData.read(certs.dir()));
  }

  private Optional<Reply> authorize(HttpExchange exchange, String role) {
    Optional<String> user =
        BasicAuth.user(exchange.getRequestHeaders().getFirst("Authorization"), cluster.password());
    if (user.isEmpty()) {
      return Optional.of(Reply.text(401, "Unauthorized"));
    }
    return user.get().equals(role) ? Optional.empty() : Optional.of(Reply.text(403, "Forbidden"));
  }

  private boolean accepted(HttpExchange exchange, NodeIdentity node, String logLine) {
    if (cluster.nodes().register(node, logLine) == NodeRegistry.Outcome.ACCEPTED) {
      return true;
    }
    Log.warn(
        "node password rejected for node "
            + node.info().name()
            + " from "
            + exchange.getRemoteAddress().getAddress().getHostAddress()
            + ": the name is registered with another node password");
    return false;
  }

  private static Pki.Issued servingCertificate(Pki.Issued ca, NodeInfo node) {
    Set<String> ips = new LinkedHashSet<>(List.of(node.address(), "127.0.0.1"));
    return Pki.server(ca, node.name(), List.of(node.name(), "localhost"), new ArrayList<>(ips));
  }
}
