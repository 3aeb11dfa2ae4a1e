package io.rancherd.plan;

import io.rancherd.config.RancherdConfig;
import io.rancherd.plan.model.HttpGet;
import io.rancherd.plan.model.Plan;
import io.rancherd.plan.model.PlanFile;
import io.rancherd.plan.model.PlanInstruction;
import io.rancherd.plan.model.PlanProbe;
import io.rancherd.role.Action;
import io.rancherd.role.NodeRoles;
import io.rancherd.role.RoleDecision;
import io.rancherd.runtime.KubernetesVersion;
import io.rancherd.runtime.Runtime;
import io.rancherd.runtime.RuntimeConfigFile;
import io.rancherd.secret.Secret;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the plan of a node from its role decision and configuration. Pure: no IO, same inputs give
 * the same plan. The cluster-init plan and the join plan differ in the runtime config (server URL,
 * cluster-init), the runtime type (server or agent) and the probes.
 */
public final class Planner {

  private Planner() {}

  /** The name of the step that writes Rancher's HelmChart. */
  public static final String INSTALL_RANCHER = "install-rancher";

  /**
   * The unit {@code instruction} starts, when it is a plan's start step ({@code rancherd service
   * start <unit>}): its effect, a running service, may not outlive a reboot.
   */
  public static Optional<String> startedUnit(PlanInstruction instruction) {
    return RuntimeInstructions.startedUnit(instruction);
  }

  /**
   * The plan of a node.
   *
   * @param joinUrl the supervisor URL to join; empty for the cluster-init node
   */
  public static Plan plan(
      RoleDecision decision,
      RancherdConfig config,
      Secret token,
      Optional<String> joinUrl,
      PlanSettings settings) {
    if (decision.action() == Action.JOIN && joinUrl.isEmpty()) {
      throw new IllegalArgumentException("a join plan needs the URL to join");
    }
    Runtime runtime = decision.runtime();
    boolean server = decision.server() || joinUrl.isEmpty();
    NodeRoles roles = roles(decision, server, joinUrl);

    List<PlanFile> files = new ArrayList<>();
    Map<String, Object> runtimeKeys =
        RuntimeConfigFile.keys(runtime, config, token, joinUrl, server, roles.disabledComponents());
    files.add(PlanFile.text(runtime.configDropIn(), RuntimeConfigFile.yaml(runtimeKeys), "0600"));
    if (!config.install().registries().isEmpty()) {
      files.add(
          PlanFile.text(
              runtime.registriesFile(),
              RuntimeConfigFile.yaml(config.install().registries()),
              "0600"));
    }

    List<PlanInstruction> instructions = new ArrayList<>();
    String kubeconfig = "KUBECONFIG=" + runtime.adminKubeconfig();
    UserInstructions user = new UserInstructions(runtime, config.install(), settings, kubeconfig);
    instructions.addAll(user.of("pre", config.instructions().preInstructions()));
    instructions.addAll(
        RuntimeInstructions.installAndStart(
            runtime,
            server,
            versionOf(config),
            config.install(),
            noProxy(runtime, config, joinUrl),
            settings));
    instructions.add(self("probes", settings, "probe", "--plan", settings.planFile()));
    if (server && roles.controlPlane()) {
      List<String> args = new ArrayList<>(List.of("wait", "node", "--runtime", runtime.id()));
      RuntimeConfigFile.nodeName(config.node().nodeName(), config.node().extraConfig())
          .ifPresent(name -> args.addAll(List.of("--name", name)));
      instructions.add(self("wait-node", settings, args.toArray(String[]::new)));
    }
    if (joinUrl.isEmpty()) {
      RancherSteps.add(runtime, config, settings, files, instructions);
    }
    instructions.addAll(user.of("post", config.instructions().postInstructions()));

    return new Plan(files, instructions, Probes.forNode(runtime, server && roles.controlPlane()));
  }

  /**
   * The parts of the node: every part for a node that initializes (or with no join URL), else what
   * its configured role asks (an etcd-only server has no API server, so no wait for its node
   * through a local API and no control-plane probes).
   */
  private static NodeRoles roles(RoleDecision decision, boolean server, Optional<String> joinUrl) {
    if (joinUrl.isEmpty() || decision.configuredRole().isEmpty()) {
      return server ? NodeRoles.FULL : NodeRoles.of("agent");
    }
    return NodeRoles.of(decision.configuredRole());
  }

  /** An instruction that runs rancherd itself. */
  static PlanInstruction self(String name, PlanSettings settings, String... args) {
    return PlanInstruction.command(name, List.of(), settings.selfCommand(), List.of(args));
  }

  private static KubernetesVersion versionOf(RancherdConfig config) {
    return KubernetesVersion.parse(config.install().kubernetesVersion().orElse(""));
  }

  /** Probes per role (docs/runtimes.md §8.1). */
  static final class Probes {
    private Probes() {}

    static Map<String, PlanProbe> forNode(Runtime runtime, boolean server) {
      Map<String, PlanProbe> probes = new LinkedHashMap<>();
      probes.put(
          "kubelet",
          PlanProbe.standard("kubelet", HttpGet.plain("http://127.0.0.1:10248/healthz")));
      if (server) {
        String tls = runtime.serverTlsDir();
        probes.put(
            "kube-apiserver",
            PlanProbe.standard(
                "kube-apiserver",
                new HttpGet(
                    "https://127.0.0.1:" + runtime.apiPort() + "/readyz",
                    false,
                    tls + "/client-kube-apiserver.crt",
                    tls + "/client-kube-apiserver.key",
                    tls + "/server-ca.crt")));
        probes.put(
            "kube-scheduler",
            PlanProbe.standard(
                "kube-scheduler", HttpGet.insecure("https://127.0.0.1:10259/healthz")));
        probes.put(
            "kube-controller-manager",
            PlanProbe.standard(
                "kube-controller-manager", HttpGet.insecure("https://127.0.0.1:10257/healthz")));
      }
      return probes;
    }
  }

  /**
   * What the runtime must reach without a proxy: its pod and service networks ({@code cluster-cidr}
   * and {@code service-cidr} of extraConfig, else the defaults) and the server it joins.
   */
  static List<String> noProxy(Runtime runtime, RancherdConfig config, Optional<String> joinUrl) {
    List<String> entries = new java.util.ArrayList<>();
    List<String> defaults = runtime.defaultCidrs();
    entries.addAll(cidrs(config.node().extraConfig().get("cluster-cidr"), defaults.get(0)));
    entries.addAll(cidrs(config.node().extraConfig().get("service-cidr"), defaults.get(1)));
    joinUrl.map(url -> java.net.URI.create(url).getHost()).ifPresent(entries::add);
    return entries;
  }

  private static List<String> cidrs(Object configured, String fallback) {
    if (configured == null) {
      return List.of(fallback);
    }
    List<String> out = new java.util.ArrayList<>();
    for (Object item : configured instanceof List<?> l ? l : List.of(configured)) {
      for (String part : String.valueOf(item).split(",")) {
        if (!part.isBlank()) {
          out.add(part.trim());
        }
      }
    }
    return out;
  }
}
