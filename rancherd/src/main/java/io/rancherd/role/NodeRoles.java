package io.rancherd.role;

import java.util.List;
import java.util.Locale;

/**
 * What a {@code role} asks of a node, as the parts of a Kubernetes node: etcd, control plane,
 * worker (the original's role flags, docs/rancher-and-join.md §7), and whether it initializes the
 * cluster. A role is one name or a comma list of names (the original's example writes {@code
 * cluster-init,server,agent}); each adds its parts:
 *
 * <ul>
 *   <li>{@code cluster-init}: initializes; etcd, control plane and worker.
 *   <li>{@code server}: etcd, control plane and worker. {@code agent}, {@code worker}: worker.
 *   <li>{@code etcd}: etcd. {@code controlplane}, {@code control-plane}: control plane.
 * </ul>
 *
 * A node with etcd or control plane runs the runtime as a server; one without etcd is a
 * control-plane-only server, one without control plane an etcd-only server (docs/runtimes.md §2.5).
 */
public record NodeRoles(boolean clusterInit, boolean etcd, boolean controlPlane, boolean worker) {

  /** The parts a role asks for (a role the config loader has checked). */
  public static NodeRoles of(String role) {
    boolean init = false;
    boolean etcd = false;
    boolean controlPlane = false;
    boolean worker = false;
    for (String part : role.split(",")) {
      switch (part.trim().toLowerCase(Locale.ROOT)) {
        case "cluster-init" -> {
          init = true;
          etcd = true;
          controlPlane = true;
          worker = true;
        }
        case "server" -> {
          etcd = true;
          controlPlane = true;
          worker = true;
        }
        case "etcd" -> etcd = true;
        case "controlplane", "control-plane" -> controlPlane = true;
        default -> worker = true;
      }
    }
    return new NodeRoles(init, etcd, controlPlane, worker);
  }

  /** Every part: what a node that initializes, or a plain server, is. */
  public static final NodeRoles FULL = new NodeRoles(false, true, true, true);

  /** Whether the runtime runs as a server (it has etcd or the control plane). */
  public boolean runtimeServer() {
    return etcd || controlPlane;
  }

  /** A server without the control plane: no API server, controller manager or scheduler. */
  public boolean etcdOnly() {
    return etcd && !controlPlane;
  }

  /** A server without etcd: it must join a server that has it. */
  public boolean controlPlaneOnly() {
    return controlPlane && !etcd;
  }

  /**
   * The runtime's {@code disable-*} keys that make this server etcd-only or control-plane-only (the
   * same keys in k3s and RKE2: docs.k3s.io "Managing Server Roles", docs.rke2.io "Server Roles");
   * empty for a full server or an agent.
   */
  public List<String> disabledComponents() {
    if (etcdOnly()) {
      return List.of("apiserver", "controller-manager", "scheduler");
    }
    return controlPlaneOnly() ? List.of("etcd") : List.of();
  }

  /** "etcd-only server", "control-plane-only server", "server" or "agent", for messages. */
  public String describe() {
    if (etcdOnly()) {
      return "an etcd-only server";
    }
    if (controlPlaneOnly()) {
      return "a control-plane-only server";
    }
    return runtimeServer() ? "a server" : "an agent";
  }
}
