package io.rancherd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.rancherd.standin.StandInArtifacts;
import io.rancherd.standin.StandInProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code rancherd upgrade} on the stand-in: a bootstrapped cluster-init server plus a stand-in
 * agent that joined it. The refused cases exit with their one-line reason and change nothing,
 * --dry-run changes nothing, and the upgrade writes the system-upgrade-controller (from the given
 * manifest) and its Plans, and changes the Rancher HelmChart's version; --wait follows until both
 * nodes and the Rancher deployment run the new versions.
 */
class UpgradeIT {

  private static final String AGENT = "agent-1";
  private static final String AGENT_ADDRESS = "127.0.0.2";

  @TempDir Path root;
  @TempDir Path agentRoot;
  @TempDir Path configDir;

  private StandInNode node;

  @AfterEach
  void stopRuntimes() {
    StandInProcesses.stopAll(agentRoot);
    if (node != null) {
      node.stop();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"k3s", "rke2"})
  void upgradesTheServerThenTheAgentAndRancher(String runtime) throws Exception {
    node = StandInNode.clusterInit(root, configDir, runtime, "");
    Launcher.Result bootstrap = node.bootstrap();
    assertEquals(0, bootstrap.exitCode(), () -> bootstrap.describe(node.token));
    startAgent(runtime);
    String installed =
        runtime.equals("k3s") ? StandInArtifacts.K3S_VERSION : StandInArtifacts.RKE2_VERSION;
    String suffix = runtime.equals("k3s") ? "+k3s1" : "+rke2r1";
    String other = runtime.equals("k3s") ? "v1.30.2+rke2r1" : "v1.30.2+k3s1";
    String target = "v1.30.2" + suffix;
    String manifests = "var/lib/rancher/" + runtime + "/server/manifests/";
    Path controller = controllerManifest();
    Map<String, String> before = contents(root, runtime);

    refused(2, "names a release of", "--kubernetes-version", other);
    refused(
        2, "Kubernetes does not support downgrades", "--kubernetes-version", "v1.29.3" + suffix);
    refused(2, "skips a minor version", "--kubernetes-version", "v1.31.0" + suffix);
    refused(2, "Rancher does not support downgrades", "--rancher-version", "v2.8.4");
    refused(2, "give --controller-manifest", "--kubernetes-version", target);
    refused(2, "nothing to upgrade");
    assertEquals(before, contents(root, runtime), "refusals change nothing");

    // k3s: the controller from --controller-manifest; RKE2: from airgapArtifactsDir
    String source;
    List<String> from;
    if (runtime.equals("k3s")) {
      source = controller.toString();
      from = List.of("--controller-manifest", source);
    } else {
      source = StandInNode.AIRGAP + "/system-upgrade-controller.yaml";
      Files.copy(controller, node.path(source));
      from = List.of("--config", node.config.toString());
      before = contents(root, runtime);
    }
    // the HelmChart carries the chart from the air-gap directory: the new one is read from there
    StandInArtifacts.rancherChart(node.path(StandInNode.AIRGAP), "v2.8.6");
    Launcher.Result dryRun =
        upgrade(from, "--kubernetes-version", target, "--rancher-version", "v2.8.6", "--dry-run");
    assertEquals(0, dryRun.exitCode(), dryRun::describe);
    assertEquals(
        List.of(
            "rancherd upgrade would:",
            "  write /"
                + manifests
                + "rancherd-system-upgrade-controller.yaml (installs the system-upgrade-controller"
                + " from "
                + source
                + ")",
            "  write /"
                + manifests
                + "rancherd-upgrade.yaml (system-upgrade-controller Plans server-plan and"
                + " agent-plan: 2 of 2 nodes to "
                + target
                + " with rancher/"
                + runtime
                + "-upgrade)",
            "  write /"
                + manifests
                + "rancherd-rancher.yaml (Rancher chart 2.8.5 -> 2.8.6 from "
                + StandInNode.AIRGAP
                + "/rancher-2.8.6.tgz)",
            "Nothing was changed (--dry-run)."),
        dryRun.stdout().lines().toList());
    assertEquals(before, contents(root, runtime), "--dry-run changes nothing");

    Launcher.Result upgrade =
        upgrade(
            from,
            "--kubernetes-version",
            target,
            "--rancher-version",
            "v2.8.6",
            "--wait",
            "--timeout",
            "60s");

    assertEquals(0, upgrade.exitCode(), () -> upgrade.describe() + log());
    String plans = Launcher.readString(root.resolve(manifests + "rancherd-upgrade.yaml"));
    assertTrue(plans.contains("version: " + target), plans);
    assertTrue(plans.contains("image: rancher/" + runtime + "-upgrade"), plans);
    assertTrue(plans.contains("- prepare\n") && plans.contains("- server-plan\n"), plans);
    assertTrue(plans.contains("cordon: true") && plans.contains("concurrency: 1"), plans);
    assertTrue(
        Launcher.readString(root.resolve(manifests + "rancherd-rancher.yaml"))
            .contains("version: 2.8.6"),
        "the HelmChart asks for the new chart");
    // the upgrade restarts the server's runtime: --wait says so and goes on
    assertTrue(
        upgrade.stderr().contains("does not answer (the upgrade restarts the runtime on a server)"),
        upgrade.stderr());
    assertTrue(upgrade.stderr().contains("2/2 nodes on " + target), upgrade.stderr());
    assertTrue(upgrade.stderr().contains("the Rancher deployment on v2.8.6: "), upgrade.stderr());
    String log = log();
    int server = log.indexOf("now runs " + target);
    int agent = log.indexOf("node " + AGENT + " now runs " + target);
    assertTrue(server >= 0 && agent > server, "servers before agents:\n" + log);

    Launcher.Result info = node.run("info");
    assertTrue(info.stdout().contains(AGENT + " " + target), info.stdout());
    assertTrue(info.stdout().contains("rancher:    v2.8.6"), info.stdout());

    Launcher.Result again = node.run("upgrade", "--kubernetes-version", target);
    assertEquals(0, again.exitCode(), again::describe);
    assertEquals("Kubernetes: every node already runs " + target, again.stdout().strip());

    Launcher.Result reset = node.run("reset", "--dry-run", "--service-manager", "direct");
    List<String> removes =
        reset
            .stdout()
            .lines()
            .map(String::trim)
            .filter(l -> l.startsWith("remove /" + manifests))
            .toList();
    for (String file :
        List.of(
            "rancherd-system-upgrade-controller.yaml",
            "rancherd-upgrade.yaml",
            "rancherd-rancher.yaml")) {
      assertEquals(
          1,
          removes.stream().filter(l -> l.equals("remove /" + manifests + file)).count(),
          "reset removes " + file + " once:\n" + reset.stdout());
    }

    String patch = "v1.30.3" + suffix;
    Launcher.Result late =
        upgrade(List.of(), "--kubernetes-version", patch, "--wait", "--timeout", "1s");
    assertEquals(1, late.exitCode(), late::describe);
    assertTrue(
        late.stderr().contains("upgrade: waiting for every node to run " + patch + ": after 1 s, "),
        late.stderr());
    assertTrue(late.stderr().contains("run upgrade --wait again to follow it"), late.stderr());
  }

  @Test
  void refusesANodeThatIsNotABootstrappedServer() throws Exception {
    Launcher.Result fresh = Launcher.run(root, Map.of(), "upgrade", "--rancher-version", "v2.9.0");
    assertEquals(3, fresh.exitCode(), fresh::describe);
    assertOneLine(fresh, "this node is not bootstrapped");

    Files.createDirectories(root.resolve(StandInNode.DATA));
    Launcher.write(
        root.resolve(StandInNode.DATA).resolve("bootstrapped"), "{\"role\":\"agent\"}\n");
    Launcher.Result agent = Launcher.run(root, Map.of(), "upgrade", "--rancher-version", "v2.9.0");
    assertEquals(3, agent.exitCode(), agent::describe);
    assertOneLine(agent, "this node was bootstrapped as agent");
  }

  private Launcher.Result upgrade(List<String> from, String... args) {
    List<String> command = new java.util.ArrayList<>(List.of("upgrade"));
    command.addAll(from);
    command.addAll(List.of(args));
    return node.run(command.toArray(String[]::new));
  }

  private void refused(int code, String reason, String... args) {
    String[] command = new String[args.length + 1];
    command[0] = "upgrade";
    System.arraycopy(args, 0, command, 1, args.length);
    Launcher.Result r = node.run(command);
    assertEquals(code, r.exitCode(), r::describe);
    assertOneLine(r, reason);
    assertTrue(r.stderr().contains("; fix: "), r.stderr());
  }

  private static void assertOneLine(Launcher.Result r, String reason) {
    List<String> lines = r.stderr().strip().lines().toList();
    assertEquals(1, lines.size(), r::describe);
    assertTrue(lines.get(0).contains(reason), r::describe);
  }

  /** A stand-in agent of {@code runtime} on {@link #AGENT_ADDRESS} that joins the node's server. */
  private void startAgent(String runtime) throws IOException {
    StandInProcesses.awaitPortsFree(Duration.ofSeconds(30), AGENT_ADDRESS);
    Files.createDirectories(agentRoot.resolve("etc"));
    Files.writeString(agentRoot.resolve("etc/machine-id"), "machine-agent\n");
    String version =
        runtime.equals("k3s") ? StandInArtifacts.K3S_VERSION : StandInArtifacts.RKE2_VERSION;
    Path launcher = agentRoot.resolve("bin").resolve(runtime);
    Files.createDirectories(launcher.getParent());
    Files.writeString(launcher, StandInArtifacts.launcher(runtime, version));
    Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    String prefix = runtime.toUpperCase(Locale.ROOT) + "_";
    int port = runtime.equals("k3s") ? 6443 : 9345;
    StandInProcesses.start(
        agentRoot,
        List.of(launcher.toString(), "agent"),
        Map.of(
            "STANDIN_BIND_ADDRESS",
            AGENT_ADDRESS,
            prefix + "URL",
            "https://127.0.0.1:" + port,
            prefix + "TOKEN",
            node.token,
            prefix + "NODE_NAME",
            AGENT),
        agentRoot.resolve("agent.log"));
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (true) {
      Launcher.Result info = node.run("info");
      if (info.stdout().contains(AGENT + " ")) {
        return;
      }
      if (Instant.now().isAfter(deadline)) {
        fail("the agent did not register:\n" + info.describe() + log());
      }
      StandInNode.sleep(500);
    }
  }

  /** The controller's release manifest, as much of it as the stand-in reads. */
  private Path controllerManifest() {
    return Launcher.write(
        configDir.resolve("system-upgrade-controller.yaml"),
        """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: system-upgrade
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: system-upgrade
          namespace: system-upgrade
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: system-upgrade-controller
          namespace: system-upgrade
        spec:
          template:
            spec:
              serviceAccountName: system-upgrade
              containers:
                - name: system-upgrade-controller
                  image: rancher/system-upgrade-controller:v0.14.2
        """);
  }

  private String log() {
    return "\n--- server log ---\n"
        + node.serviceLog().orElse("none")
        + "\n--- agent log ---\n"
        + (Files.isRegularFile(agentRoot.resolve("agent.log"))
            ? Launcher.readString(agentRoot.resolve("agent.log"))
            : "none");
  }

  /** What upgrade may change: the runtime's manifests and rancherd's state, file to SHA-256. */
  private static Map<String, String> contents(Path root, String runtime) {
    Map<String, String> files = new TreeMap<>();
    for (String dir :
        List.of("var/lib/rancher/" + runtime + "/server/manifests", StandInNode.DATA)) {
      for (String file : Launcher.filesUnder(root.resolve(dir))) {
        files.put(dir + "/" + file, StandInCluster.sha256(root.resolve(dir).resolve(file)));
      }
    }
    return files;
  }
}
