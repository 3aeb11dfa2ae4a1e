package io.rancherd.upgrade;

import io.rancherd.error.InvalidInputException;
import io.rancherd.error.RancherdException;
import io.rancherd.runtime.Runtime;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What rancherd refuses to upgrade to, each refusal one line with its reason and its fix: another
 * runtime (k3s and RKE2 clusters do not convert into each other), a version older than a node runs
 * (Kubernetes does not support downgrades), and a jump of more than one minor version (the
 * Kubernetes version skew policy; the k3s and RKE2 automated-upgrade docs: "Ensure that your plan
 * does not skip intermediate minor versions", and the system-upgrade-controller does not prevent
 * it). Pure: no IO.
 */
final class VersionRules {

  private VersionRules() {}

  /**
   * The target release, checked against what the nodes run.
   *
   * @param runtime the runtime of this cluster
   * @param target the resolved target, as the user gave it or as its channel answered
   * @param asked what the user gave, for messages
   * @param nodes each node's name and the release its kubelet reports
   */
  static KubeRelease check(
      Runtime runtime, String target, String asked, Map<String, KubeRelease> nodes)
      throws InvalidInputException {
    String option = "--kubernetes-version " + asked;
    Runtime named = Runtime.forVersion(target);
    if (named != runtime) {
      throw new InvalidInputException(
          option
              + " names a release of "
              + named
              + " and this cluster runs "
              + runtime
              + ": rancherd does not switch a cluster between k3s and RKE2"
              + RancherdException.FIX
              + "give a "
              + runtime
              + " version such as "
              + runtime.exampleVersion()
              + " (a switch is a new cluster: rancherd reset, then bootstrap)");
    }
    KubeRelease release =
        KubeRelease.parse(target)
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        option
                            + (target.equals(asked) ? "" : " (resolved to " + target + ")")
                            + " is not an exact "
                            + runtime
                            + " release"
                            + RancherdException.FIX
                            + "give one such as "
                            + runtime.exampleVersion()
                            + ", or a channel such as stable or v1.31"));
    if (nodes.isEmpty()) {
      return release;
    }
    Map.Entry<String, KubeRelease> newest =
        nodes.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
    if (release.compareTo(newest.getValue()) < 0) {
      throw new InvalidInputException(
          option
              + " is older than "
              + newest.getValue()
              + " that node "
              + newest.getKey()
              + " runs: Kubernetes does not support downgrades"
              + RancherdException.FIX
              + "give "
              + newest.getValue()
              + " or a newer release");
    }
    Map.Entry<String, KubeRelease> oldest =
        nodes.entrySet().stream()
            .min(Map.Entry.comparingByValue(Comparator.naturalOrder()))
            .orElseThrow();
    KubeRelease from = oldest.getValue();
    if (release.major() != from.major() || release.minor() > from.minor() + 1) {
      String next = "v" + from.major() + "." + (from.minor() + 1);
      throw new InvalidInputException(
          option
              + " skips a minor version: node "
              + oldest.getKey()
              + " runs "
              + from
              + ", and Kubernetes upgrades one minor version at a time"
              + RancherdException.FIX
              + "upgrade to "
              + next
              + " first (--kubernetes-version "
              + next
              + "), then to "
              + release.minorLine());
    }
    return release;
  }

  /** The nodes not on {@code target}, by name. */
  static List<String> behind(Map<String, KubeRelease> nodes, KubeRelease target) {
    return nodes.entrySet().stream()
        .filter(e -> e.getValue().compareTo(target) != 0)
        .map(Map.Entry::getKey)
        .toList();
  }
}
