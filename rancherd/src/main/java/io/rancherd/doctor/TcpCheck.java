package io.rancherd.doctor;

import io.rancherd.join.JoinTrustException;
import io.rancherd.runtime.Runtime;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Whether this node can open TCP connections to the supervisor port and the Kubernetes API port of
 * the server: one port for k3s (6443 serves both), two for RKE2 (9345 and 6443).
 */
final class TcpCheck implements Check {

  static final String NAME = "tcp";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Finding run(DoctorContext context, Findings earlier) {
    if (context.supervisor().isEmpty()) {
      return Finding.skip(NAME, context.whyNotJoining());
    }
    if (!earlier.ok(DnsCheck.NAME)) {
      return Finding.skip(NAME, "the server host does not resolve");
    }
    Runtime runtime = context.runtime().orElseThrow();
    List<Endpoint> endpoints = endpoints(context.supervisor().get(), runtime);
    List<String> failures = new ArrayList<>();
    for (Endpoint endpoint : endpoints) {
      try {
        endpoint.connect(context.resolver(), context.timeout()).close();
      } catch (IOException e) {
        failures.add(
            "cannot connect to "
                + endpoint.address()
                + " ("
                + endpoint.label()
                + "): "
                + Endpoint.cause(e, context.timeout()));
      }
    }
    if (!failures.isEmpty()) {
      Optional<JoinTrustException> other =
          JoinChecks.target(context)
              .flatMap(t -> JoinChecks.trust(context, new ArrayList<>()).otherRuntime(t));
      if (other.isPresent()) {
        return Finding.fail(
            NAME,
            other.get().problem(),
            other.get().fix().orElse("run rancherd doctor on the server"));
      }
      return Finding.fail(
          NAME,
          String.join("; ", failures),
          "check that "
              + runtime.unit(true)
              + " runs on the server and that every firewall between this node and the server lets "
              + endpoints.stream().map(e -> e.port() + "/tcp").collect(Collectors.joining(" and "))
              + " through");
    }
    return Finding.pass(
        NAME,
        endpoints.stream()
                .map(e -> e.address() + " (" + e.label() + ")")
                .collect(Collectors.joining(", "))
            + (endpoints.size() == 1 ? " accepts" : " accept")
            + " connections");
  }

  /**
   * The supervisor, and the API when it listens on a port of its own: k3s serves both on one port
   * (whichever port the server URL names), RKE2 serves the API on 6443.
   */
  static List<Endpoint> endpoints(URI supervisor, Runtime runtime) {
    Endpoint supervisorEndpoint = Endpoint.of(supervisor, runtime + " supervisor");
    if (runtime.supervisorPort() == runtime.apiPort()
        || supervisor.getPort() == runtime.apiPort()) {
      return List.of(Endpoint.of(supervisor, runtime + " supervisor and Kubernetes API"));
    }
    return List.of(
        supervisorEndpoint,
        new Endpoint(supervisorEndpoint.host(), runtime.apiPort(), runtime + " Kubernetes API"));
  }
}
