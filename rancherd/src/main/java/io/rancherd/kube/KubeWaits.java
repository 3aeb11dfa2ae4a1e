package io.rancherd.kube;

import io.rancherd.fs.Root;
import io.rancherd.runtime.Runtime;
import io.rancherd.wait.CheckResult;
import io.rancherd.wait.Timing;
import io.rancherd.wait.WaitLoop;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Waits on the cluster through the API: a node Ready, a deployment available. Each wait polls with
 * the shared {@link WaitLoop}, so it paces and reports progress as plan probes do ("waiting for
 * node n1 Ready: Ready=False (KubeletNotReady: ...), 40 s"). A failed request (API server
 * restarting, connection refused, 5xx) is a detail to wait through; rejected credentials (401, 403)
 * end the wait at once. Past the timeout, the error names what was awaited, what was last seen and
 * where to look.
 */
public final class KubeWaits {

  public static final String RANCHER_NAMESPACE = "cattle-system";
  public static final String RANCHER_DEPLOYMENT = "rancher";
  static final String RANCHER_HINT =
      "check the HelmChart job: kubectl -n kube-system get jobs,pods -l helmcharts.helm.cattle.io/chart=rancher";

  private final KubeClient client;
  private final WaitLoop loop;

  public KubeWaits(KubeClient client, WaitLoop loop) {
    this.client = client;
    this.loop = loop;
  }

  /**
   * Waits through the runtime's admin kubeconfig ({@code /etc/rancher/<rt>/<rt>.yaml} under the
   * root).
   */
  public static KubeWaits forRuntime(Root root, Runtime runtime, WaitLoop loop)
      throws KubeconfigException {
    return new KubeWaits(KubeClient.create(Kubeconfig.load(root, runtime.adminKubeconfig())), loop);
  }

  /** Checks once whether node {@code name} is Ready. */
  public CheckResult checkNode(String name) throws KubeApiException {
    return Readiness.node(client.get("/api/v1/nodes/" + name));
  }

  /** Checks once whether deployment {@code namespace/name} is available. */
  public CheckResult checkDeployment(String namespace, String name) throws KubeApiException {
    return Readiness.deployment(
        client.get("/apis/apps/v1/namespaces/" + namespace + "/deployments/" + name));
  }

  /** Waits until node {@code name} is Ready; the hint on timeout points at the runtime's log. */
  public void nodeReady(String name, Runtime runtime, Timing timing)
      throws KubeException, InterruptedException {
    String what = "node " + name + " Ready";
    await(
        what,
        () -> checkNode(name),
        "check the runtime's log: journalctl -u " + runtime.unit(true),
        timing);
    loop.progress().accept("Node " + name + " is Ready");
  }

  /** Waits until deployment {@code cattle-system/rancher} is available. */
  public void rancherAvailable(Timing timing) throws KubeException, InterruptedException {
    deploymentAvailable(RANCHER_NAMESPACE, RANCHER_DEPLOYMENT, RANCHER_HINT, timing);
  }

  /**
   * Waits until deployment {@code namespace/name} is available; {@code hint} ends the timeout
   * message.
   */
  public void deploymentAvailable(String namespace, String name, String hint, Timing timing)
      throws KubeException, InterruptedException {
    String what = "deployment " + namespace + "/" + name;
    CheckResult done = await(what, () -> checkDeployment(namespace, name), hint, timing);
    loop.progress()
        .accept("Deployment " + namespace + "/" + name + " is available: " + done.detail());
  }

  /** Waits until {@code check} succeeds; returns its last result (without the "what: " prefix). */
  private CheckResult await(
      String what, WaitLoop.Check<KubeApiException> check, String hint, Timing timing)
      throws KubeException, InterruptedException {
    AtomicReference<CheckResult> seen = new AtomicReference<>();
    loop.until(
        () -> {
          try {
            seen.set(check.check());
          } catch (KubeApiException e) {
            if (e.credentialsRejected()) {
              throw e;
            }
            seen.set(new CheckResult(false, e.getMessage()));
          }
          return new CheckResult(seen.get().success(), what + ": " + seen.get().detail());
        },
        Duration.ZERO,
        timing,
        (last, waited) ->
            new KubeTimeoutException(
                "timed out after " + waited + " s waiting for " + last.detail() + "; " + hint));
    return seen.get();
  }
}
