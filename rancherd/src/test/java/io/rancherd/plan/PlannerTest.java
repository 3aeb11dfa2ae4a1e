package io.rancherd.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rancherd.config.LoadedConfig;
import io.rancherd.plan.model.Plan;
import io.rancherd.plan.model.PlanFile;
import io.rancherd.plan.model.PlanInstruction;
import io.rancherd.plan.model.PlanJson;
import io.rancherd.role.RoleDecider;
import io.rancherd.role.RoleDecision;
import io.rancherd.runtime.Supervisor;
import io.rancherd.secret.Secret;
import io.rancherd.testing.TestRoot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

class PlannerTest {

  private static final PlanSettings SETTINGS =
      new PlanSettings(
          "/var/lib/rancher/rancherd",
          "/var/lib/rancher/rancherd/plan/plan.json",
          "/usr/bin/rancherd");
  private static final Secret TOKEN = new Secret("the-cluster-token");

  @TempDir Path tmp;

  private Plan plan(String yaml) throws Exception {
    TestRoot machine = new TestRoot(tmp);
    machine.write("/etc/rancher/rancherd/config.yaml", yaml);
    LoadedConfig loaded = machine.load();
    RoleDecision decision = RoleDecider.decide(loaded);
    Optional<String> join =
        loaded
            .config()
            .cluster()
            .firstServer()
            .filter(s -> decision.action() == io.rancherd.role.Action.JOIN)
            .map(s -> Supervisor.url(s, decision.runtime()));
    return Planner.plan(decision, loaded.config(), TOKEN, join, SETTINGS);
  }

  private static PlanFile file(Plan plan, String path) {
    return plan.files().stream()
        .filter(f -> f.path().equals(path))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + path));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> runtimeConfig(Plan plan, String rt) {
    return (Map<String, Object>)
        new Yaml()
            .load(file(plan, "/etc/rancher/" + rt + "/config.yaml.d/40-rancherd.yaml").text());
  }

  private static PlanInstruction instruction(Plan plan, String name) {
    return plan.instructions().stream()
        .filter(i -> i.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no instruction " + name));
  }

  private static List<String> names(Plan plan) {
    return plan.instructions().stream().map(PlanInstruction::name).toList();
  }

  @Test
  void startedUnit_namesTheUnitOfTheStartStepOnly() throws Exception {
    Plan plan = plan("role: cluster-init\nkubernetesVersion: v1.30.2+rke2r1\n");

    List<Optional<String>> units = plan.instructions().stream().map(Planner::startedUnit).toList();

    assertEquals(
        Optional.of("rke2-server"), Planner.startedUnit(instruction(plan, "start-rke2-server")));
    assertEquals(1, units.stream().filter(Optional::isPresent).count(), "one start step: " + units);
  }

  @Test
  void initPlan_k3sRuntimeConfigUsesTheRuntimesRealKeys() throws Exception {
    Plan plan =
        plan(
            """
        role: cluster-init
        tlsSans: [rancher.example.com]
        nodeName: node1
        address: 203.0.113.10
        internalAddress: 10.0.0.10
        labels: [tier=edge]
        taints: [dedicated=edge:NoSchedule]
        systemDefaultRegistry: registry.example.com:5000
        """);

    Map<String, Object> keys = runtimeConfig(plan, "k3s");
    assertEquals("the-cluster-token", keys.get("token"));
    assertEquals(true, keys.get("cluster-init"));
    assertEquals(List.of("rancher.example.com"), keys.get("tls-san+"));
    assertEquals("node1", keys.get("node-name"));
    assertEquals("203.0.113.10", keys.get("node-external-ip"));
    assertEquals("10.0.0.10", keys.get("node-ip"));
    assertEquals(List.of("tier=edge"), keys.get("node-label+"));
    assertEquals(List.of("dedicated=edge:NoSchedule"), keys.get("node-taint+"));
    assertEquals("registry.example.com:5000", keys.get("system-default-registry"));
    assertFalse(keys.containsKey("server"));
    assertFalse(
        keys.containsKey("address") || keys.containsKey("internal-address"),
        "keys the runtimes ignore");
    assertEquals(
        "0600", file(plan, "/etc/rancher/k3s/config.yaml.d/40-rancherd.yaml").permissions());
  }

  @Test
  void initPlan_rke2HasNoClusterInitKeyAndStartsItsService() throws Exception {
    Plan plan = plan("role: cluster-init\nkubernetesVersion: v1.30.2+rke2r1\n");

    Map<String, Object> keys = runtimeConfig(plan, "rke2");
    assertFalse(keys.containsKey("cluster-init"), "RKE2 drops the flag");
    assertEquals(
        List.of(
            "install-rke2",
            "start-rke2-server",
            "probes",
            "wait-node",
            "install-rancher",
            "wait-rancher"),
        names(plan));
    PlanInstruction install = plan.instructions().get(0);
    assertEquals(
        List.of("INSTALL_RKE2_VERSION=v1.30.2+rke2r1", "INSTALL_RKE2_TYPE=server"), install.env());
    assertEquals(
        List.of(
            "install-runtime",
            "--runtime",
            "rke2",
            "--type",
            "server",
            "--kubernetes-version",
            "v1.30.2+rke2r1",
            "--no-proxy",
            "10.42.0.0/16,10.43.0.0/16"),
        install.args());
    assertEquals(List.of("service", "start", "rke2-server"), plan.instructions().get(1).args());
    assertEquals("/usr/bin/rancherd", plan.instructions().get(1).command());
  }

  @Test
  void initPlan_channelIsResolvedByTheInstallStepAndK3sIsStartedByRancherd() throws Exception {
    Plan plan = plan("role: cluster-init\nkubernetesVersion: v1.30\n");

    PlanInstruction install = plan.instructions().get(0);
    assertEquals(List.of("INSTALL_K3S_EXEC=server", "INSTALL_K3S_SKIP_START=true"), install.env());
    assertEquals(
        List.of(
            "install-runtime",
            "--runtime",
            "k3s",
            "--type",
            "server",
            "--kubernetes-version",
            "v1.30"),
        install.args());
    assertEquals(List.of("service", "start", "k3s"), plan.instructions().get(1).args());
  }

  @Test
  void initPlan_installSourceScriptDownloadsEvenWithAnAirgapDirectory() throws Exception {
    Plan plan =
        plan("role: cluster-init\ninstallSource: script\nairgapArtifactsDir: /opt/k3s-airgap\n");

    assertEquals(
        List.of(
            "install-runtime",
            "--runtime",
            "k3s",
            "--type",
            "server",
            "--kubernetes-version",
            "stable",
            "--source",
            "script"),
        instruction(plan, "install-k3s").args());
  }

  @Test
  void initPlan_installSourceImageNamesBothInstallerImagesUnderTheDefaultRegistry()
      throws Exception {
    Plan plan =
        plan(
            "role: cluster-init\ninstallSource: image\nkubernetesVersion: v1.30.2+rke2r1\n"
                + "rancherVersion: v2.8.5\nsystemDefaultRegistry: reg.example:5000\n"
                + "airgapArtifactsDir: /opt/airgap\n");

    List<String> install = instruction(plan, "install-rke2").args();
    assertEquals(
        List.of(
            "--source",
            "image",
            "--image",
            "rancher/system-agent-installer-rke2:v1.30.2-rke2r1",
            "--default-registry",
            "reg.example:5000"),
        install.subList(7, 13),
        install.toString());
    List<String> rancher = instruction(plan, "install-rancher").args();
    assertEquals(
        List.of(
            "--image",
            "rancher/system-agent-installer-rancher:v2.8.5",
            "--runtime",
            "rke2",
            "--default-registry",
            "reg.example:5000"),
        rancher.subList(7, rancher.size()));
  }

  @Test
  void initPlan_rancherChartComesFromTheAirgapDirectoryUnlessInstallSourceIsScript()
      throws Exception {
    List<String> airgap =
        instruction(
                plan("role: cluster-init\nrancherVersion: v2.8.5\nairgapArtifactsDir: /opt/a\n"),
                "install-rancher")
            .args();
    assertEquals(List.of("--airgap", "/opt/a"), airgap.subList(7, airgap.size()));

    List<String> script =
        instruction(
                plan(
                    "role: cluster-init\ninstallSource: script\nrancherVersion: v2.8.5\n"
                        + "airgapArtifactsDir: /opt/a\n"
                        + "rancherChartRepository: https://charts.example.com/rancher\n"),
                "install-rancher")
            .args();
    assertEquals(
        List.of("--repository", "https://charts.example.com/rancher"),
        script.subList(7, script.size()));
  }

  @Test
  void initPlan_installSourceAirgapIsPassedWithItsDirectory() throws Exception {
    Plan plan =
        plan("role: cluster-init\ninstallSource: airgap\nairgapArtifactsDir: /opt/k3s-airgap\n");

    assertEquals(
        List.of(
            "install-runtime",
            "--runtime",
            "k3s",
            "--type",
            "server",
            "--kubernetes-version",
            "stable",
            "--source",
            "airgap",
            "--airgap",
            "/opt/k3s-airgap"),
        instruction(plan, "install-k3s").args());
  }

  @Test
  void initPlan_airgapAndScriptUrlGoToTheInstallStep() throws Exception {
    Plan plan =
        plan(
            "role: cluster-init\nairgapArtifactsDir: /opt/k3s-airgap\ninstallScriptUrl: https://mirror.example.com/k3s.sh\n");

    assertEquals(
        List.of(
            "install-runtime",
            "--runtime",
            "k3s",
            "--type",
            "server",
            "--kubernetes-version",
            "stable",
            "--airgap",
            "/opt/k3s-airgap",
            "--script-url",
            "https://mirror.example.com/k3s.sh"),
        plan.instructions().get(0).args());
  }

  @Test
  void initPlan_installsRancherWithMergedValuesThenWaitsForIt() throws Exception {
    Plan plan =
        plan(
            """
        role: cluster-init
        rancherVersion: latest
        rancherChartRepository: https://charts.example.com/rancher
        systemDefaultRegistry: registry.example.com:5000
        rancherValues:
          hostPort: 9443
          bootstrapPassword: admin
        """);

    PlanFile values = file(plan, "/var/lib/rancher/rancherd/rancher/values.yaml");
    assertEquals("0600", values.permissions());
    Map<String, Object> parsed = new Yaml().load(values.text());
    assertEquals(9443, parsed.get("hostPort"), "rancherValues win over the defaults");
    assertEquals("external", parsed.get("tls"), "defaults stay");
    assertEquals("registry.example.com:5000", parsed.get("systemDefaultRegistry"));
    assertEquals(
        List.of(
            "install-rancher",
            "--version",
            "latest",
            "--values",
            "/var/lib/rancher/rancherd/rancher/values.yaml",
            "--to",
            "/var/lib/rancher/k3s/server/manifests/rancherd-rancher.yaml",
            "--repository",
            "https://charts.example.com/rancher"),
        instruction(plan, "install-rancher").args());
    assertEquals(
        List.of("wait", "rancher", "--runtime", "k3s"), instruction(plan, "wait-rancher").args());
  }

  @Test
  void initPlan_kubernetesOnlyInstallsNoRancherButDeploysResources() throws Exception {
    Plan plan =
        plan(
            """
        role: cluster-init
        installRancher: false
        resources:
          - {apiVersion: v1, kind: ConfigMap, metadata: {name: a, namespace: default}}
        """);

    assertEquals(
        List.of("install-k3s", "start-k3s", "probes", "wait-node", "resources"), names(plan));
    assertEquals(
        List.of(
            "apply-manifest",
            "--file",
            "/var/lib/rancher/rancherd/bootstrapmanifests/rancherd.yaml",
            "--to",
            "/var/lib/rancher/k3s/server/manifests/rancherd-resources.yaml"),
        instruction(plan, "resources").args());
    Object doc =
        new Yaml()
            .load(file(plan, "/var/lib/rancher/rancherd/bootstrapmanifests/rancherd.yaml").text());
    assertEquals("ConfigMap", ((Map<?, ?>) doc).get("kind"));
  }

  @Test
  void initPlan_extraConfigIsMergedLastAndWins() throws Exception {
    Plan plan =
        plan(
            "role: cluster-init\nnodeName: node1\nextraConfig:\n  node-name: override\n  disable: [traefik]\n");

    Map<String, Object> keys = runtimeConfig(plan, "k3s");
    assertEquals("override", keys.get("node-name"));
    assertEquals(List.of("traefik"), keys.get("disable"));
  }

  @Test
  void initPlan_writesRegistriesWithDocumentedKeys() throws Exception {
    Plan plan =
        plan(
            "role: cluster-init\nregistries:\n  mirrors:\n    docker.io:\n      endpoint: [https://mirror:5000]\n");

    PlanFile registries = file(plan, "/etc/rancher/k3s/registries.yaml");
    assertEquals("0600", registries.permissions());
    assertEquals(
        Map.of("mirrors", Map.of("docker.io", Map.of("endpoint", List.of("https://mirror:5000")))),
        new Yaml().load(registries.text()));
  }

  @Test
  void initPlan_withoutRegistriesWritesNoRegistriesFile() throws Exception {
    Plan plan = plan("role: cluster-init\n");

    assertEquals(
        List.of(
            "/etc/rancher/k3s/config.yaml.d/40-rancherd.yaml",
            "/var/lib/rancher/rancherd/rancher/values.yaml"),
        plan.files().stream().map(PlanFile::path).toList());
  }

  @Test
  void plan_userInstructionsRunAroundTheBuiltInOnesWithKubeconfig() throws Exception {
    Plan plan =
        plan(
            """
        role: cluster-init
        preInstructions:
          - {name: before, command: /bin/echo, args: [one], env: [A=1]}
        postInstructions:
          - {name: after, command: /bin/echo, saveOutput: true}
        """);

    assertEquals(
        List.of(
            "before",
            "install-k3s",
            "start-k3s",
            "probes",
            "wait-node",
            "install-rancher",
            "wait-rancher",
            "after"),
        names(plan));
    assertEquals(
        List.of("A=1", "KUBECONFIG=/etc/rancher/k3s/k3s.yaml"), plan.instructions().get(0).env());
    assertEquals(
        List.of("probe", "--plan", "/var/lib/rancher/rancherd/plan/plan.json"),
        instruction(plan, "probes").args());
    assertEquals("/usr/bin/rancherd", instruction(plan, "probes").command());
    assertEquals(
        List.of("wait", "node", "--runtime", "k3s"), instruction(plan, "wait-node").args());
  }

  @Test
  void joinPlan_serverJoinsTheSupervisorWithTokenAndServerProbes() throws Exception {
    Plan plan =
        plan(
            "role: server\nserver: https://server1.example.com:8443\ntoken: t\ntlsSans: [extra]\n");

    Map<String, Object> keys = runtimeConfig(plan, "k3s");
    assertEquals("https://server1.example.com:6443", keys.get("server"));
    assertEquals("the-cluster-token", keys.get("token"));
    assertFalse(keys.containsKey("cluster-init"));
    assertEquals(List.of("extra"), keys.get("tls-san+"));
    assertEquals(
        List.of("INSTALL_K3S_EXEC=server", "INSTALL_K3S_SKIP_START=true"),
        plan.instructions().get(0).env());
    assertEquals(
        List.of("install-k3s", "start-k3s", "probes", "wait-node"),
        names(plan),
        "joining servers install no Rancher");
    assertEquals(
        List.of("kube-apiserver", "kube-controller-manager", "kube-scheduler", "kubelet"),
        List.copyOf(plan.probes().keySet()));
  }

  @Test
  void rke2JoinPlan_keepsItsCidrsAndItsServerOffTheProxy() throws Exception {
    Plan plan =
        plan(
            """
        role: agent
        server: https://server1.example.com
        token: t
        kubernetesVersion: v1.30.2+rke2r1
        extraConfig:
          cluster-cidr: 10.100.0.0/16
        """);

    List<String> args = plan.instructions().get(0).args();
    assertEquals(
        "10.100.0.0/16,10.43.0.0/16,server1.example.com", args.get(args.indexOf("--no-proxy") + 1));
    assertFalse(
        plan("role: agent\nserver: https://server1.example.com\ntoken: t\n")
            .instructions()
            .get(0)
            .args()
            .contains("--no-proxy"),
        "the k3s script gives k3s the proxy itself");
  }

  @Test
  void etcdOnlyAndControlPlaneOnlyServersGetTheRuntimesDisableKeys() throws Exception {
    Plan etcd = plan("role: etcd\nserver: https://server1.example.com\ntoken: t\n");
    Map<String, Object> etcdKeys = runtimeConfig(etcd, "k3s");
    assertEquals(true, etcdKeys.get("disable-apiserver"));
    assertEquals(true, etcdKeys.get("disable-controller-manager"));
    assertEquals(true, etcdKeys.get("disable-scheduler"));
    assertFalse(etcdKeys.containsKey("disable-etcd"));
    assertEquals(
        List.of("install-k3s", "start-k3s", "probes"),
        names(etcd),
        "no API server of its own: no wait for its node through one");
    assertEquals(List.of("kubelet"), List.copyOf(etcd.probes().keySet()));

    Plan controlPlane =
        plan("role: control-plane\nserver: https://server1.example.com\ntoken: t\n");
    Map<String, Object> cpKeys = runtimeConfig(controlPlane, "k3s");
    assertEquals(true, cpKeys.get("disable-etcd"));
    assertFalse(cpKeys.containsKey("disable-apiserver"));
    assertEquals(List.of("install-k3s", "start-k3s", "probes", "wait-node"), names(controlPlane));
  }

  @Test
  void k3sAgentDropInHoldsOnlyKeysAK3sAgentAccepts() throws Exception {
    Plan plan =
        plan(
            """
        role: agent
        server: https://server1.example.com
        token: t
        nodeName: edge-1
        address: 192.0.2.10
        internalAddress: 10.0.0.10
        labels: [tier=edge]
        taints: [dedicated=edge:NoSchedule]
        tlsSans: [only-for-servers]
        systemDefaultRegistry: registry.example.com
        extraConfig:
          kubelet-arg: [max-pods=50]
        """);

    for (String key : runtimeConfig(plan, "k3s").keySet()) {
      assertTrue(io.rancherd.runtime.Runtime.K3S.agentAccepts(key), key + " in a k3s agent");
    }
  }

  @Test
  void joinPlan_agentGetsAgentInstallKubeletProbeAndNoServerKeys() throws Exception {
    Plan plan =
        plan(
            """
        role: worker
        server: https://server1.example.com
        token: t
        kubernetesVersion: v1.30.2+rke2r1
        tlsSans: [ignored-on-agents]
        systemDefaultRegistry: registry.example.com
        """);

    Map<String, Object> keys = runtimeConfig(plan, "rke2");
    assertEquals("https://server1.example.com:9345", keys.get("server"));
    assertFalse(
        keys.containsKey("tls-san+") || keys.containsKey("system-default-registry"),
        "server-only flags");
    assertEquals(List.of("install-rke2", "start-rke2-agent", "probes"), names(plan));
    assertTrue(plan.instructions().get(0).env().contains("INSTALL_RKE2_TYPE=agent"));
    assertEquals(List.of("kubelet"), List.copyOf(plan.probes().keySet()));
  }

  @Test
  void initPlan_probesFollowTheReference() throws Exception {
    Plan plan = plan("role: cluster-init\n");

    var apiserver = plan.probes().get("kube-apiserver");
    assertEquals("https://127.0.0.1:6443/readyz", apiserver.httpGet().url());
    assertEquals("/var/lib/rancher/k3s/server/tls/server-ca.crt", apiserver.httpGet().caCert());
    assertEquals(
        "/var/lib/rancher/k3s/server/tls/client-kube-apiserver.crt",
        apiserver.httpGet().clientCert());
    assertTrue(plan.probes().get("kube-scheduler").httpGet().insecure());
    assertEquals("http://127.0.0.1:10248/healthz", plan.probes().get("kubelet").httpGet().url());
    assertEquals(1, apiserver.initialDelaySeconds());
    assertEquals(5, apiserver.timeoutSeconds());
  }

  @Test
  void planJson_isStableAndTheChecksumFollowsContent() throws Exception {
    Plan a = plan("role: cluster-init\nnodeName: node1\n");
    Plan b = plan("role: cluster-init\nnodeName: node1\n");
    Plan c = plan("role: cluster-init\nnodeName: node2\n");

    assertEquals(
        new String(PlanJson.canonical(a), StandardCharsets.UTF_8),
        new String(PlanJson.canonical(b), StandardCharsets.UTF_8));
    assertEquals(PlanJson.checksum(a), PlanJson.checksum(b));
    assertNotEquals(PlanJson.checksum(a), PlanJson.checksum(c));
    assertEquals(a, PlanJson.read(PlanJson.canonical(a)), "JSON round trip");
  }

  @Test
  void planJson_usesSystemAgentFieldNames() throws Exception {
    String json =
        new String(PlanJson.canonical(plan("role: cluster-init\n")), StandardCharsets.UTF_8);

    assertTrue(json.startsWith("{\"files\":[{\"content\":"), json);
    assertTrue(
        json.contains(
            "\"path\":\"/etc/rancher/k3s/config.yaml.d/40-rancherd.yaml\",\"permissions\":\"0600\""),
        json);
    assertTrue(
        json.contains("\"instructions\":[{\"name\":\"install-k3s\",\"saveOutput\":true,"), json);
    assertTrue(
        json.contains(
            "\"probes\":{\"kube-apiserver\":{\"name\":\"kube-apiserver\",\"initialDelaySeconds\":1"),
        json);
  }
}
