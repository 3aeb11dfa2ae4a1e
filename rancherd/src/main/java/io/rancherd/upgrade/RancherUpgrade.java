package io.rancherd.upgrade;

import io.rancherd.channel.RancherRelease;
import io.rancherd.channel.RancherVersionResolver;
import io.rancherd.channel.VersionOrder;
import io.rancherd.error.InvalidInputException;
import io.rancherd.error.RancherdException;
import io.rancherd.error.UnexpectedStateException;
import io.rancherd.fs.Root;
import io.rancherd.upgrade.UpgradeChanges.RancherTarget;
import io.rancherd.upgrade.UpgradeChanges.Write;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;

/**
 * Rancher's part of an upgrade: the chart version {@code --rancher-version} names, resolved as at
 * install, written into rancherd's HelmChart, whose {@code spec.version} change the runtime's
 * helm-controller turns into a helm upgrade (docs/runtimes.md §6). A downgrade is refused.
 */
final class RancherUpgrade {

  /** The HelmChart to write and the chart it asks for. */
  record Step(Write write, RancherTarget target) {}

  private RancherUpgrade() {}

  /**
   * The HelmChart at {@code path} with the version {@code asked} names; empty, with a line in
   * {@code notes}, when it already asks for it.
   */
  static Optional<Step> plan(
      Root root, String path, String asked, RancherVersionResolver resolver, List<String> notes)
      throws RancherdException {
    if (!Files.isRegularFile(root.path(path))) {
      throw new UnexpectedStateException(
          "upgrade --rancher-version: rancherd did not install Rancher on this node (no "
              + path
              + ")"
              + RancherdException.FIX
              + "run upgrade without --rancher-version, or on the server that installed Rancher");
    }
    RancherChartFile chart = RancherChartFile.read(root.path(path), path);
    // an exact version comes from the repository Rancher was installed from; a channel from
    // that channel's repository, unless Rancher came from a mirror (rancherChartRepository)
    Optional<String> repository =
        Optional.of(chart.repository())
            .filter(r -> !r.isEmpty())
            .filter(
                r -> VersionOrder.isVersion(asked) || !RancherVersionResolver.channelRepository(r));
    RancherRelease release = resolver.resolve(asked, repository);
    int order = VersionOrder.compare(release.version(), chart.version()).orElse(1);
    if (order < 0) {
      throw new InvalidInputException(
          "--rancher-version "
              + asked
              + " is chart "
              + release.version()
              + ", older than "
              + chart.version()
              + " that "
              + path
              + " installs: Rancher does not support downgrades"
              + RancherdException.FIX
              + "give "
              + chart.version()
              + " or a newer version");
    }
    if (order == 0) {
      notes.add("Rancher: " + path + " already installs chart " + chart.version());
      return Optional.empty();
    }
    return Optional.of(
        new Step(
            new Write(
                path,
                chart.withRelease(release.version(), release.repository()),
                "Rancher chart "
                    + chart.version()
                    + " -> "
                    + release.version()
                    + (release.repository().equals(chart.repository())
                        ? ""
                        : " from " + release.repository())),
            new RancherTarget(release.version(), release.repository())));
  }
}
