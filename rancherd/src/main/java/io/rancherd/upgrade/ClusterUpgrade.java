package io.rancherd.upgrade;

import io.rancherd.channel.ChannelResolver;
import io.rancherd.channel.RancherVersionResolver;
import io.rancherd.error.InvalidInputException;
import io.rancherd.error.RancherdException;
import io.rancherd.fs.AtomicFiles;
import io.rancherd.rancher.RancherChart;
import io.rancherd.runtime.KubernetesVersion;
import io.rancherd.runtime.Runtime;
import io.rancherd.state.NodeState;
import io.rancherd.state.UpgradeRecord;
import io.rancherd.upgrade.UpgradeChanges.RancherTarget;
import io.rancherd.upgrade.UpgradeChanges.Write;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import okhttp3.OkHttpClient;

/**
 * Upgrades the cluster this server node bootstrapped: Kubernetes through the system-upgrade-
 * controller's Plans ({@link UpgradePlans}), which the runtime's deploy controller applies from its
 * manifests directory, installing the controller first from the manifest the user gives when it is
 * not in the cluster; Rancher by changing the version of rancherd's HelmChart, which the runtime's
 * helm-controller upgrades (docs/runtimes.md §6). {@link #prepare} checks everything and changes
 * nothing; {@link #apply} writes what it prepared.
 */
public final class ClusterUpgrade {

  /** The file rancherd writes the controller's manifest to, in the manifests directory. */
  static final String CONTROLLER_FILE = "rancherd-system-upgrade-controller.yaml";

  /** {@code airgapArtifactsDir} of the configuration, read only when it is needed. */
  @FunctionalInterface
  public interface AirgapDir {
    Optional<String> get() throws RancherdException;
  }

  private final NodeState state;
  private final ChannelResolver channels;
  private final RancherVersionResolver rancherVersions;
  private final OkHttpClient downloads;
  private final AirgapDir airgap;

  public ClusterUpgrade(
      NodeState state,
      ChannelResolver channels,
      RancherVersionResolver rancherVersions,
      OkHttpClient downloads,
      AirgapDir airgap) {
    this.state = state;
    this.channels = channels;
    this.rancherVersions = rancherVersions;
    this.downloads = downloads;
    this.airgap = airgap;
  }

  /** What the upgrade would write; refuses, with reason and fix, what it will not do. */
  public UpgradeChanges prepare(UpgradeRequest request) throws RancherdException {
    if (request.kubernetesVersion().isEmpty() && request.rancherVersion().isEmpty()) {
      throw new InvalidInputException(
          "upgrade: nothing to upgrade"
              + RancherdException.FIX
              + "give --kubernetes-version, --rancher-version or both");
    }
    Runtime runtime = UpgradeNode.check(state);
    ClusterView cluster = ClusterView.of(state.root(), runtime);
    List<Write> writes = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    Optional<String> kubernetes = Optional.empty();
    if (request.kubernetesVersion().isPresent()) {
      String asked = request.kubernetesVersion().get().trim();
      if (cluster.rancherManagesUpgrades()) {
        throw new InvalidInputException(
            "upgrade --kubernetes-version: Rancher runs its own system-upgrade-controller"
                + " (cattle-system) and manages this cluster's Kubernetes version; a second"
                + " controller and plans of rancherd's would compete with it"
                + RancherdException.FIX
                + "upgrade Kubernetes in Rancher (Cluster Management, cluster local, Edit Config,"
                + " Kubernetes Version); rancherd upgrade --rancher-version still upgrades Rancher");
      }
      Map<String, KubeRelease> nodes = cluster.nodes();
      KubeRelease target = VersionRules.check(runtime, resolve(runtime, asked), asked, nodes);
      List<String> behind = VersionRules.behind(nodes, target);
      if (behind.isEmpty()) {
        notes.add("Kubernetes: every node already runs " + target);
      } else {
        kubernetes = Optional.of(target.text());
        ControllerManifest.toInstall(
                state.root(),
                manifest(runtime, CONTROLLER_FILE),
                request.controllerManifests(),
                cluster,
                downloads,
                airgap)
            .ifPresent(writes::add);
        Optional<String> registry =
            ManifestFiles.systemDefaultRegistry(
                state.root().path(runtime.configDropIn()), runtime.configDropIn());
        writes.add(
            new Write(
                manifest(runtime, UpgradePlans.FILE_NAME),
                UpgradePlans.manifest(runtime, target.text(), registry),
                "system-upgrade-controller Plans "
                    + UpgradePlans.SERVER_PLAN
                    + " and "
                    + UpgradePlans.AGENT_PLAN
                    + ": "
                    + behind.size()
                    + " of "
                    + nodes.size()
                    + " nodes to "
                    + target
                    + " with "
                    + UpgradePlans.image(runtime, registry)));
      }
    }
    Optional<RancherTarget> rancher = Optional.empty();
    if (request.rancherVersion().isPresent()) {
      Optional<RancherUpgrade.Step> step =
          RancherUpgrade.plan(
              state.root(),
              manifest(runtime, RancherChart.FILE_NAME),
              request.rancherVersion().get().trim(),
              rancherVersions,
              installedChartDir(),
              notes);
      step.ifPresent(s -> writes.add(s.write()));
      rancher = step.map(RancherUpgrade.Step::target);
    }
    return new UpgradeChanges(runtime, writes, notes, kubernetes, rancher);
  }

  /**
   * Writes what {@link #prepare} found, each file atomically, after recording the files (for {@code
   * reset}) and the targets in rancherd's state; records Rancher's new version.
   */
  public void apply(UpgradeChanges changes, Instant now, Consumer<String> log)
      throws RancherdException {
    try {
      state.recordUpgrade(
          new UpgradeRecord(
              now.toString(),
              changes.kubernetes().orElse(null),
              changes.rancher().map(RancherTarget::version).orElse(null),
              changes.writes().stream().map(Write::path).toList()));
    } catch (IOException e) {
      throw new RancherdException(
          "upgrade: recording what it writes in " + state.dataDir() + ": " + e.getMessage(), e);
    }
    for (Write write : changes.writes()) {
      try {
        AtomicFiles.write(
            state.root().path(write.path()),
            write.text().getBytes(StandardCharsets.UTF_8),
            AtomicFiles.PRIVATE,
            AtomicFiles.PUBLIC_DIR);
      } catch (IOException e) {
        throw new RancherdException("upgrade: writing " + write.path() + ": " + e.getMessage(), e);
      }
      log.accept("Upgrade: wrote " + write.path() + " (" + write.what() + ")");
    }
    if (changes.rancher().isPresent()) {
      try {
        state.recordRancher(
            changes.rancher().get().version(), changes.rancher().get().repository());
      } catch (IOException e) {
        throw new RancherdException(
            "upgrade: recording Rancher's version in " + state.dataDir() + ": " + e.getMessage(),
            e);
      }
    }
  }

  /** Records the Kubernetes release every node now runs, once a wait has seen it. */
  public void recordKubernetes(UpgradeChanges changes) throws RancherdException {
    if (changes.kubernetes().isPresent()) {
      try {
        state.recordRuntime(changes.runtime().id(), changes.kubernetes().get());
      } catch (IOException e) {
        throw new RancherdException(
            "upgrade: recording the Kubernetes version in "
                + state.dataDir()
                + ": "
                + e.getMessage(),
            e);
      }
    }
  }

  /**
   * The exact release for {@code asked}: channels as at install (docs/runtimes.md §7.1), asked of
   * this cluster's runtime unless the channel names one ({@code stable} on RKE2 is {@code
   * stable:rke2}).
   */
  private String resolve(Runtime runtime, String asked) throws RancherdException {
    KubernetesVersion version = KubernetesVersion.parse(asked);
    boolean bareChannel =
        !version.exact() && !asked.startsWith("http") && Runtime.bySuffix(asked).isEmpty();
    return channels.resolve(
        bareChannel && runtime != Runtime.DEFAULT ? asked + runtime.suffix() : asked);
  }

  private static String manifest(Runtime runtime, String name) {
    return runtime.manifestsDir() + "/" + name;
  }

  /**
   * The air-gap directory the installed Rancher chart was read from, as install-rancher recorded it
   * ({@code <dir>/rancher-<version>.tgz}); empty for a chart from a repository or an image.
   */
  private Optional<String> installedChartDir() {
    return state
        .installed()
        .map(installed -> installed.rancherChartRepository())
        .filter(source -> source != null && source.startsWith("/") && source.endsWith(".tgz"))
        .map(source -> source.substring(0, Math.max(1, source.lastIndexOf('/'))));
  }
}
