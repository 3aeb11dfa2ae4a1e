package io.rancherd.config;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/** The keys rancherd knows, per section, and the "did you mean" suggestion for unknown keys. */
final class ConfigKeys {

  /** Top-level keys of the original rancherd, in the order of its config-example.yaml. */
  public static final List<String> RANCHERD =
      List.of(
          "kubernetesVersion",
          "rancherVersion",
          "rancherValues",
          "tlsSans",
          "preInstructions",
          "postInstructions",
          "resources",
          "bootstrapResources",
          "registries",
          "systemDefaultRegistry",
          "runtimeInstallerImage",
          "rancherInstallerImage",
          "server",
          "token",
          "discovery",
          "role",
          "nodeName",
          "address",
          "internalAddress",
          "taints",
          "labels",
          "extraConfig");

  /**
   * Every top-level key: the original's, then the ones this rancherd adds, in the order of the
   * groups of {@link RancherdConfig}. A group's record components are named after its keys, so a
   * key added to a group is known here (and in the unknown-key warnings) without another list.
   */
  public static final List<String> TOP = top();

  /**
   * Keys this rancherd adds to the original's: where the runtime and Rancher come from, join trust.
   */
  public static final List<String> ADDITIONS =
      TOP.stream().filter(k -> !RANCHERD.contains(k)).toList();

  public static final List<String> DISCOVERY =
      List.of("params", "expectedServers", "serverCacheDuration");

  public static final List<String> INSTRUCTION =
      List.of("name", "image", "env", "args", "command", "saveOutput");

  private ConfigKeys() {}

  private static List<String> top() {
    List<String> keys = new ArrayList<>(RANCHERD);
    Stream.of(
            ClusterConfig.class,
            TrustConfig.class,
            NodeConfig.class,
            InstallConfig.class,
            RancherConfig.class,
            InstructionsConfig.class,
            ResourcesConfig.class)
        .flatMap(group -> Arrays.stream(group.getRecordComponents()))
        .map(RecordComponent::getName)
        .filter(key -> !keys.contains(key))
        .forEach(keys::add);
    return List.copyOf(keys);
  }

  /** The known key that {@code key} matches when case is ignored (Go's JSON matching), if any. */
  static Optional<String> caseInsensitiveMatch(String key, List<String> known) {
    return known.stream().filter(k -> k.equalsIgnoreCase(key)).findFirst();
  }

  /** The closest known key within a small edit distance, if any. */
  static Optional<String> suggestion(String key, List<String> known) {
    String lower = key.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      int distance = distance(lower, candidate.toLowerCase(Locale.ROOT));
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    int limit = Math.max(2, key.length() / 3);
    return bestDistance <= limit ? Optional.of(best) : Optional.empty();
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
