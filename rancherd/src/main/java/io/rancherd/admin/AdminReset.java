package io.rancherd.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.rancherd.error.RancherdException;
import io.rancherd.error.UnexpectedStateException;
import io.rancherd.fs.Root;
import io.rancherd.kube.KubeClient;
import io.rancherd.kube.Kubeconfig;
import io.rancherd.kube.LiveVersions;
import io.rancherd.runtime.Runtime;
import io.rancherd.state.NodeState;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * {@code rancherd reset-admin}: on a bootstrapped server node whose cluster runs Rancher, gives
 * Rancher's default admin a new password ({@link DefaultAdmin}) through the runtime's admin
 * kubeconfig, and tells where Rancher is reached ({@link RancherUrl}). Refuses, with the reason and
 * the fix, on a node without a runtime, on an agent, before the bootstrap finished, and on a
 * cluster without Rancher.
 */
public final class AdminReset {

  private static final String ACTION = "resetting Rancher's default admin";

  /**
   * What was done, and where Rancher is.
   *
   * @param admin the admin user and what changed
   * @param rancherUrl Rancher's URL, when the cluster tells it
   */
  public record Outcome(DefaultAdmin.Result admin, Optional<String> rancherUrl) {}

  private final NodeState state;
  private final SecureRandom random;

  public AdminReset(NodeState state, SecureRandom random) {
    this.state = state;
    this.random = random;
  }

  /** Sets {@code password} as the default admin's. */
  public Outcome run(AdminPassword password) throws RancherdException {
    Runtime runtime = serverRuntime();
    KubeClient kube = KubeClient.create(Kubeconfig.load(state.root(), runtime.adminKubeconfig()));
    JsonNode deployment =
        kube.get(LiveVersions.RANCHER_DEPLOYMENT)
            .orElseThrow(
                () ->
                    new UnexpectedStateException(
                        ACTION
                            + ": Rancher is not installed in this cluster (no deployment"
                            + " cattle-system/rancher)"
                            + RancherdException.FIX
                            + "install Rancher (installRancher: true, the default, then"
                            + " `rancherd bootstrap`), or reset the admin of the Rancher that"
                            + " manages this cluster where it runs"));
    DefaultAdmin.Result admin = new DefaultAdmin(kube, random).set(password);
    return new Outcome(admin, RancherUrl.of(kube, deployment));
  }

  private Runtime serverRuntime() throws UnexpectedStateException {
    Root root = state.root();
    Runtime runtime =
        state
            .runtime()
            .orElseThrow(
                () ->
                    new UnexpectedStateException(
                        ACTION
                            + ": no runtime is installed on this node"
                            + RancherdException.FIX
                            + "run reset-admin on a server node of a cluster rancherd"
                            + " bootstrapped with Rancher"));
    if (Files.isDirectory(root.path(runtime.dataDir() + "/agent"))
        && !Files.isDirectory(root.path(runtime.dataDir() + "/server"))) {
      throw new UnexpectedStateException(
          ACTION
              + ": this node runs the "
              + runtime
              + " agent, which has no admin kubeconfig"
              + RancherdException.FIX
              + "run reset-admin on a server node of the cluster");
    }
    if (!state.stamps().bootstrappedExists()) {
      throw new UnexpectedStateException(
          ACTION
              + ": this node is not bootstrapped yet (no "
              + state.shown("bootstrapped")
              + ")"
              + RancherdException.FIX
              + "wait until `rancherd status --wait` returns 0, then run reset-admin again");
    }
    return runtime;
  }
}
