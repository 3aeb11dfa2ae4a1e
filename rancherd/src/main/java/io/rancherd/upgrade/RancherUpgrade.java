package io.rancherd.upgrade;

import io.rancherd.channel.RancherRelease;
import io.rancherd.channel.RancherVersionResolver;
import io.rancherd.channel.VersionOrder;
import io.rancherd.error.InvalidInputException;
import io.rancherd.error.RancherdException;
import io.rancherd.error.UnexpectedStateException;
import io.rancherd.fs.Root;
import io.rancherd.install.RancherCharts;
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
   * {@code notes}, when it already asks for it. A HelmChart that carries its chart ({@code
   * chartContent}) gets the new chart the same way: {@code rancher-<asked>.tgz} from {@code
   * chartDir}, the air-gap directory the installed chart came from.
   */
  static Optional<Step> plan(
      Root root,
      String path,
      String asked,
      RancherVersionResolver resolver,
      Optional<String> chartDir,
      List<String> notes)
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
    if (chart.carriesChart()) {
      return fromLocalChart(root, path, asked, chart, chartDir, notes);
    }
    // an exact version comes from the repository Rancher was installed from; a channel from
    // that channel's repository, unless Rancher came from a mirror (rancherChartRepository)
    Optional<String> repository =
        Optional.of(chart.repository())
            .filter(r -> !r.isEmpty())
            .filter(
                r -> VersionOrder.isVersion(asked) || !RancherVersionResolver.channelRepository(r));
    RancherRelease release = resolver.resolve(asked, repository);
    if (!newer(
        "--rancher-version " + asked + " is chart " + release.version() + ",",
        release.version(),
        chart,
        path,
        notes)) {
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

  /**
   * helm-controller ignores {@code spec.version} beside {@code chartContent}, so the new chart
   * itself goes into the HelmChart: {@code rancher-<asked>.tgz} from the air-gap directory the
   * installed chart came from. A chart from an installer image is refused with the fix.
   */
  private static Optional<Step> fromLocalChart(
      Root root,
      String path,
      String asked,
      RancherChartFile chart,
      Optional<String> chartDir,
      List<String> notes)
      throws RancherdException {
    String action = "upgrade --rancher-version " + asked;
    if (!VersionOrder.isVersion(asked)) {
      throw new InvalidInputException(
          action
              + ": "
              + path
              + " carries the Rancher chart itself (chartContent), so the new chart is read from"
              + " the node, which needs an exact version, not a channel"
              + RancherdException.FIX
              + "give an exact version such as v2.8.6");
    }
    if (!newer(action + " is", asked, chart, path, notes)) {
      return Optional.empty();
    }
    if (chartDir.isEmpty()) {
      throw new InvalidInputException(
          action
              + ": "
              + path
              + " carries the Rancher chart "
              + chart.version()
              + " from an installer image (chartContent), and helm-controller ignores a new"
              + " spec.version then"
              + RancherdException.FIX
              + "put rancher-<version>.tgz of the new version into the HelmChart's chartContent"
              + " (base64) yourself, or run upgrade without --rancher-version");
    }
    RancherCharts.LocalChart local = RancherCharts.fromAirgapDir(root, chartDir.get(), asked);
    String source = RancherCharts.findInDir(root, chartDir.get(), asked).orElse(chartDir.get());
    return Optional.of(
        new Step(
            new Write(
                path,
                chart.withContent(local.tgz(), local.version()),
                "Rancher chart " + chart.version() + " -> " + local.version() + " from " + source),
            new RancherTarget(local.version(), source)));
  }

  /**
   * Whether {@code target} is newer than the chart {@code path} installs: older is refused (Rancher
   * does not support downgrades, {@code subject} starts the message), the same is a note.
   */
  private static boolean newer(
      String subject, String target, RancherChartFile chart, String path, List<String> notes)
      throws InvalidInputException {
    int order = VersionOrder.compare(target, chart.version()).orElse(1);
    if (order < 0) {
      throw new InvalidInputException(
          subject
              + " older than "
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
      return false;
    }
    return true;
  }
}
