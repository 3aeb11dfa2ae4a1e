package io.rancherd.doctor;

import io.rancherd.proxy.NoProxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether {@code NO_PROXY} is valid, read by the rule rancherd's downloads use ({@link NoProxy}):
 * an invalid entry fails, as it makes the install step exit 2. When a proxy is set, whether it
 * covers what must be reached directly: loopback, the server host (when joining), and the cluster's
 * pod and service ranges ({@code extraConfig} {@code cluster-cidr} and {@code service-cidr},
 * 10.42.0.0/16 and 10.43.0.0/16 by default for k3s and RKE2). The value it recommends holds the
 * valid entries only.
 */
final class ProxyCheck implements Check {

  static final String NAME = "proxy";
  static final String DEFAULT_CLUSTER_CIDR = "10.42.0.0/16";
  static final String DEFAULT_SERVICE_CIDR = "10.43.0.0/16";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Finding run(DoctorContext context, Findings earlier) {
    ProxyVariables variables = ProxyVariables.of(context.environment());
    NoProxy noProxy = NoProxy.parse(variables.noProxyValue());
    Map<String, String> needed = variables.anyProxy() ? needed(context) : Map.of();
    List<String> missing = new ArrayList<>();
    List<String> missingDescribed = new ArrayList<>();
    needed.forEach(
        (entry, description) -> {
          if (!noProxy.covers(entry)) {
            missing.add(entry);
            missingDescribed.add(description);
          }
        });
    List<String> recommended = new ArrayList<>();
    if (!noProxy.validValue().isEmpty()) {
      recommended.add(noProxy.validValue());
    }
    recommended.addAll(missing);
    String fix =
        recommended.isEmpty()
            ? "unset " + variables.noProxyName()
            : "use NO_PROXY=" + String.join(",", recommended);
    if (!noProxy.invalid().isEmpty()) {
      return Finding.fail(
          NAME,
          variables.noProxyName()
              + ": "
              + String.join(
                  "; ", noProxy.invalid().stream().map(NoProxy.Invalid::describe).toList())
              + "; rancherd's downloads stop at an invalid entry (exit 2), and k3s and RKE2"
              + " ignore it",
          fix);
    }
    if (!variables.anyProxy()) {
      return Finding.pass(NAME, "no HTTPS_PROXY or HTTP_PROXY is set");
    }
    String proxies = variables.describeProxies();
    if (missing.isEmpty()) {
      return Finding.pass(
          NAME, proxies + " set; NO_PROXY covers " + String.join(", ", needed.values()));
    }
    return Finding.warn(
        NAME,
        proxies + " set and NO_PROXY does not cover " + String.join(", ", missingDescribed),
        fix);
  }

  /** Each entry NO_PROXY must cover, with how it is shown. */
  private static Map<String, String> needed(DoctorContext context) {
    Map<String, String> needed = new LinkedHashMap<>();
    needed.put("localhost", "localhost");
    needed.put("127.0.0.1", "127.0.0.1");
    context
        .supervisor()
        .map(Endpoint::host)
        .ifPresent(host -> needed.put(host, host + " (the server)"));
    ranges(context, "cluster-cidr", DEFAULT_CLUSTER_CIDR)
        .forEach(r -> needed.put(r, r + " (cluster-cidr)"));
    ranges(context, "service-cidr", DEFAULT_SERVICE_CIDR)
        .forEach(r -> needed.put(r, r + " (service-cidr)"));
    return needed;
  }

  /**
   * The ranges of an extraConfig key: a comma-separated string or a list (dual-stack), else the
   * default.
   */
  private static List<String> ranges(DoctorContext context, String key, String defaultRange) {
    Object value = context.config().map(c -> c.config().node().extraConfig().get(key)).orElse(null);
    List<String> ranges = new ArrayList<>();
    if (value instanceof String text) {
      Arrays.stream(text.split(","))
          .map(String::trim)
          .filter(s -> !s.isEmpty())
          .forEach(ranges::add);
    } else if (value instanceof List<?> list) {
      list.forEach(item -> ranges.add(String.valueOf(item).trim()));
    }
    return ranges.isEmpty() ? List.of(defaultRange) : ranges;
  }
}
