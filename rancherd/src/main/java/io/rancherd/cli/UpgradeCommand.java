package io.rancherd.cli;

import io.rancherd.bootstrap.Settings;
import io.rancherd.channel.ChannelResolver;
import io.rancherd.channel.RancherVersionResolver;
import io.rancherd.config.ConfigLoader;
import io.rancherd.download.DownloadClient;
import io.rancherd.error.RancherdException;
import io.rancherd.upgrade.ClusterUpgrade;
import io.rancherd.upgrade.UpgradeChanges;
import io.rancherd.upgrade.UpgradeRequest;
import io.rancherd.upgrade.UpgradeWait;
import io.rancherd.wait.Sleeper;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "upgrade",
    header = "Upgrade the cluster's Kubernetes or Rancher",
    description =
        "On a server node rancherd bootstrapped: upgrade Kubernetes with the"
            + " system-upgrade-controller's Plans (servers first, then agents, one node at a time,"
            + " cordoned), written into the runtime's manifests directory; when the controller is"
            + " not in the cluster, install it from --controller-manifest or from"
            + " system-upgrade-controller.yaml in airgapArtifactsDir. Upgrade Rancher by changing"
            + " the version of rancherd's HelmChart. Versions and channels are resolved as at"
            + " install. Refuses a switch between k3s and RKE2, a downgrade, and a jump of more"
            + " than one Kubernetes minor version (exit 2), and a node that is not a bootstrapped"
            + " server (exit 3).")
final class UpgradeCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(UpgradeCommand.class);

  @Mixin HelpOption help;

  @Mixin ConfigOption config;

  @ParentCommand RancherdCommand parent;
  @Spec CommandSpec spec;

  @Option(
      names = "--kubernetes-version",
      paramLabel = "V",
      description =
          "The k3s or RKE2 release or channel to upgrade to (v1.31.4+k3s1, stable, v1.31).")
  String kubernetesVersion;

  @Option(
      names = "--rancher-version",
      paramLabel = "V",
      description = "The Rancher version or channel to upgrade to (v2.9.3, stable, latest).")
  String rancherVersion;

  @Option(
      names = "--controller-manifest",
      paramLabel = "URL|FILE",
      description =
          "The system-upgrade-controller's manifest to install it from when it is not in the"
              + " cluster; may be given more than once.")
  List<String> controllerManifests = new ArrayList<>();

  @Option(names = "--dry-run", description = "Print what would change, and change nothing.")
  boolean dryRun;

  @Option(
      names = "--wait",
      description = "Follow the upgrade until every node and Rancher run the new versions.")
  boolean await;

  @Option(
      names = "--timeout",
      paramLabel = "D",
      description = "How long --wait follows the upgrade (default: ${DEFAULT-VALUE}).",
      defaultValue = "30m")
  String timeout;

  @Override
  public Integer call() throws RancherdException, InterruptedException {
    Duration limit = DurationOption.parse("--timeout", timeout);
    Settings settings = parent.global.settings(config.file());
    OkHttpClient client = DownloadClient.client(System.getenv());
    ClusterUpgrade upgrade =
        new ClusterUpgrade(
            settings.state(),
            new ChannelResolver(client),
            new RancherVersionResolver(client),
            client,
            () ->
                ConfigLoader.load(settings.configSources())
                    .config()
                    .install()
                    .airgapArtifactsDir());
    UpgradeChanges changes =
        upgrade.prepare(
            new UpgradeRequest(
                Optional.ofNullable(kubernetesVersion),
                Optional.ofNullable(rancherVersion),
                controllerManifests));
    PrintWriter out = spec.commandLine().getOut();
    changes.notes().forEach(out::println);
    if (dryRun) {
      if (!changes.nothing()) {
        out.println("rancherd upgrade would:");
        changes.writes().forEach(w -> out.println("  " + w.describe()));
      }
      out.println("Nothing was changed (--dry-run).");
      return ExitCodes.OK;
    }
    if (changes.nothing()) {
      return ExitCodes.OK;
    }
    upgrade.apply(changes, Clock.systemUTC().instant(), LOG::info);
    if (!await) {
      LOG.info("Upgrade started; `rancherd upgrade --wait` or `rancherd info` follows it");
      return ExitCodes.OK;
    }
    new UpgradeWait(Clock.systemUTC(), Sleeper.SYSTEM, line -> LOG.info("Upgrade: {}", line))
        .await(settings.root(), changes, limit);
    upgrade.recordKubernetes(changes);
    LOG.info("Upgrade done");
    return ExitCodes.OK;
  }
}
