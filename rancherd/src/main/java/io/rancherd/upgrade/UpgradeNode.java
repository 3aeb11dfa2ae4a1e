package io.rancherd.upgrade;

import io.rancherd.error.RancherdException;
import io.rancherd.error.UnexpectedStateException;
import io.rancherd.role.NodeRoles;
import io.rancherd.runtime.Runtime;
import io.rancherd.state.NodeState;
import io.rancherd.state.Stamp;
import java.nio.file.Files;

/**
 * Whether this node can upgrade its cluster: rancherd bootstrapped it, as a server with the control
 * plane (it has the API server and the runtime's manifests directory, which the deploy controller
 * applies), and the runtime's admin kubeconfig is there.
 */
final class UpgradeNode {

  private UpgradeNode() {}

  /** This node's runtime; refuses a node that is not a bootstrapped server, with the fix. */
  static Runtime check(NodeState state) throws UnexpectedStateException {
    Stamp stamp =
        state
            .stamps()
            .bootstrapped()
            .orElseThrow(
                () ->
                    new UnexpectedStateException(
                        "upgrade: this node is not bootstrapped (no "
                            + state.shown("bootstrapped")
                            + ")"
                            + RancherdException.FIX
                            + "run upgrade on a server that rancherd bootstrapped (rancherd"
                            + " status says where this node is)"));
    String role = stamp.role() == null ? "" : stamp.role();
    if (role.isEmpty() || !NodeRoles.of(role).controlPlane()) {
      throw new UnexpectedStateException(
          "upgrade: this node was bootstrapped as "
              + (role.isEmpty() ? "an unknown role" : role)
              + ", and upgrade works on a server with the control plane"
              + RancherdException.FIX
              + "run rancherd upgrade on a server node of the cluster");
    }
    Runtime runtime =
        state
            .runtime()
            .orElseThrow(
                () ->
                    new UnexpectedStateException(
                        "upgrade: no runtime is installed on this node"
                            + RancherdException.FIX
                            + "run rancherd bootstrap first"));
    if (!Files.isRegularFile(state.root().path(runtime.adminKubeconfig()))) {
      throw new UnexpectedStateException(
          "upgrade: "
              + runtime.adminKubeconfig()
              + " is missing, so the cluster cannot be asked"
              + RancherdException.FIX
              + "start "
              + runtime.unit(true)
              + ", which writes it");
    }
    return runtime;
  }
}
