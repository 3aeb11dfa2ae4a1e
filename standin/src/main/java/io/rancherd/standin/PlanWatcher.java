package io.rancherd.standin;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Plays the system-upgrade-controller and the runtimes' upgrade images (rancher/system-upgrade-
 * controller; https://docs.k3s.io/upgrades/automated, https://docs.rke2.io/upgrades/automated) for
 * the manifests the deploy controller applies:
 *
 * <ul>
 *   <li>the controller exists once a manifest holds its Deployment {@code
 *       system-upgrade/system-upgrade-controller} (its release manifest); before that, Plans do
 *       nothing;
 *   <li>a {@code upgrade.cattle.io/v1 Plan} selects the nodes its {@code nodeSelector} matches
 *       ({@code matchLabels}; {@code matchExpressions} with In, NotIn, Exists, DoesNotExist) and
 *       upgrades them one after the other ({@code concurrency} is taken as 1, in node-name order),
 *       each {@link #UPGRADE_TIME} after the previous; an upgraded node's kubelet reports the
 *       plan's {@code version};
 *   <li>the upgrade image replaces the runtime's binary and restarts its service (k3s docs
 *       "Automated Upgrades"; the k3s-upgrade image's {@code upgrade.sh} kills the k3s process so
 *       that systemd starts the new binary): for {@link #RESTART_TIME} after a node is upgraded,
 *       its API server does not answer;
 *   <li>a Plan whose {@code prepare} container has the args {@code prepare <plan>} (the upgrade
 *       images' prepare step) starts only when that plan has upgraded all its nodes: servers before
 *       agents.
 * </ul>
 *
 * A node keeps the version a plan gave it. Nothing survives a restart of the stand-in.
 */
final class PlanWatcher {

  static final Duration UPGRADE_TIME = Duration.ofMillis(1500);

  /** Longer than a client's 2 s poll, so that a client following the upgrade sees it. */
  static final Duration RESTART_TIME = Duration.ofMillis(2500);

  static final String CONTROLLER_NAMESPACE = "system-upgrade";
  static final String CONTROLLER = "system-upgrade-controller";

  /** A Plan as applied. */
  record Plan(
      String name,
      String version,
      Map<?, ?> matchLabels,
      List<Map<?, ?>> matchExpressions,
      Optional<String> after,
      Instant seen) {}

  private final Map<String, Plan> plans = new LinkedHashMap<>();
  private final Map<String, String> upgraded = new HashMap<>();
  private final Map<String, Instant> upgradedAt = new HashMap<>();
  private Instant controllerSince;

  /** Takes one applied manifest document; returns whether it was one of the controller's. */
  synchronized boolean apply(Map<?, ?> document, Instant now) {
    Object kind = document.get("kind");
    Map<?, ?> metadata = map(document.get("metadata"));
    if ("Deployment".equals(kind)
        && CONTROLLER.equals(metadata.get("name"))
        && CONTROLLER_NAMESPACE.equals(metadata.get("namespace"))) {
      if (controllerSince == null) {
        controllerSince = now;
        Log.info("deploy: system-upgrade-controller deployed in " + CONTROLLER_NAMESPACE);
      }
      return true;
    }
    if (!"upgrade.cattle.io/v1".equals(document.get("apiVersion")) || !"Plan".equals(kind)) {
      return false;
    }
    Map<?, ?> spec = map(document.get("spec"));
    Map<?, ?> selector = map(spec.get("nodeSelector"));
    List<Map<?, ?>> expressions = new ArrayList<>();
    if (selector.get("matchExpressions") instanceof List<?> list) {
      list.stream().map(PlanWatcher::map).forEach(expressions::add);
    }
    Optional<String> after = Optional.empty();
    if (map(spec.get("prepare")).get("args") instanceof List<?> args
        && args.size() == 2
        && "prepare".equals(String.valueOf(args.get(0)))) {
      after = Optional.of(String.valueOf(args.get(1)));
    }
    String name = String.valueOf(metadata.get("name"));
    Plan plan =
        new Plan(
            name,
            String.valueOf(spec.get("version")),
            map(selector.get("matchLabels")),
            expressions,
            after,
            now);
    Plan old = plans.get(name);
    boolean same =
        old != null
            && new Plan(
                    name,
                    old.version(),
                    old.matchLabels(),
                    old.matchExpressions(),
                    old.after(),
                    now)
                .equals(plan);
    if (!same) {
      plans.put(name, plan);
      Log.info("system-upgrade-controller: plan " + name + " to " + plan.version());
    }
    return true;
  }

  boolean controllerDeployed() {
    synchronized (this) {
      return controllerSince != null;
    }
  }

  Optional<Instant> controllerSince() {
    synchronized (this) {
      return Optional.ofNullable(controllerSince);
    }
  }

  /** The version each node's kubelet reports now, by name; {@code installed} when none applies. */
  synchronized Map<String, String> versions(
      Collection<NodeInfo> nodes, String installed, Instant now) {
    Map<String, Instant> done = new HashMap<>();
    for (Plan plan : plans.values()) {
      finished(plan, nodes, now, done, 0);
    }
    Map<String, String> versions = new HashMap<>();
    nodes.forEach(n -> versions.put(n.name(), upgraded.getOrDefault(n.name(), installed)));
    return versions;
  }

  /**
   * Whether {@code node}'s runtime restarts after an upgrade at {@code now} (call versions first).
   */
  synchronized boolean restarting(String node, Instant now) {
    Instant at = upgradedAt.get(node);
    return at != null && !now.isBefore(at) && now.isBefore(at.plus(RESTART_TIME));
  }

  /** When {@code plan} has upgraded all its nodes (the far future if not yet startable). */
  private Instant finished(
      Plan plan, Collection<NodeInfo> nodes, Instant now, Map<String, Instant> done, int depth) {
    Instant known = done.get(plan.name());
    if (known != null) {
      return known;
    }
    Instant start = controllerSince == null ? Instant.MAX : later(plan.seen(), controllerSince);
    if (plan.after().isPresent() && depth < 8) {
      Plan first = plans.get(plan.after().get());
      start =
          first == null ? Instant.MAX : later(start, finished(first, nodes, now, done, depth + 1));
    }
    List<NodeInfo> selected =
        nodes.stream()
            .filter(n -> matches(plan, n))
            .sorted(Comparator.comparing(NodeInfo::name))
            .toList();
    Instant end = start;
    for (NodeInfo node : selected) {
      if (end.equals(Instant.MAX)) {
        break;
      }
      end = end.plus(UPGRADE_TIME);
      if (!now.isBefore(end) && !plan.version().equals(upgraded.get(node.name()))) {
        upgraded.put(node.name(), plan.version());
        upgradedAt.put(node.name(), end);
        Log.info(
            "upgrade job of plan "
                + plan.name()
                + ": node "
                + node.name()
                + " now runs "
                + plan.version());
      }
    }
    done.put(plan.name(), end);
    return end;
  }

  private static boolean matches(Plan plan, NodeInfo node) {
    Map<String, String> labels = node.labels();
    for (Map.Entry<?, ?> e : plan.matchLabels().entrySet()) {
      if (!String.valueOf(e.getValue()).equals(labels.get(String.valueOf(e.getKey())))) {
        return false;
      }
    }
    for (Map<?, ?> expression : plan.matchExpressions()) {
      String key = String.valueOf(expression.get("key"));
      List<String> values =
          expression.get("values") instanceof List<?> list
              ? list.stream().map(String::valueOf).toList()
              : List.of();
      String value = labels.get(key);
      boolean ok =
          switch (String.valueOf(expression.get("operator"))) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            default -> false;
          };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Map<?, ?> map(Object value) {
    return value instanceof Map<?, ?> m ? m : Map.of();
  }
}
