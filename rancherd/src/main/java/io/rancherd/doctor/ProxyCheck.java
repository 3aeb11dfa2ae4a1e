package io.rancherd.doctor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * When a proxy is set, whether {@code NO_PROXY} covers what must be reached directly: loopback, the
 * server host (when joining), and the cluster's pod and service ranges ({@code extraConfig} {@code
 * cluster-cidr} and {@code service-cidr}, 10.42.0.0/16 and 10.43.0.0/16 by default for k3s and
 * RKE2).
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
    if (!variables.anyProxy()) {
      return Finding.pass(NAME, "no HTTPS_PROXY or HTTP_PROXY is set");
    }
    NoProxyList noProxy = NoProxyList.parse(variables.noProxyValue());
    Map<String, String> needed = needed(context);
    List<String> missing = new ArrayList<>();
    List<String> missingDescribed = new ArrayList<>();
    needed.forEach(
        (entry, description) -> {
          boolean covered =
              IpRange.parse(entry)
                  .filter(r -> entry.contains("/"))
                  .map(noProxy::coversRange)
                  .orElseGet(() -> noProxy.coversHost(entry));
          if (!covered) {
            missing.add(entry);
            missingDescribed.add(description);
          }
        });
    String proxies = variables.describeProxies();
    if (missing.isEmpty()) {
      return Finding.pass(
          NAME, proxies + " set; NO_PROXY covers " + String.join(", ", needed.values()));
    }
    String current = variables.noProxyValue();
    return Finding.warn(
        NAME,
        proxies + " set and NO_PROXY does not cover " + String.join(", ", missingDescribed),
        "use NO_PROXY=" + (current.isEmpty() ? "" : current + ",") + String.join(",", missing));
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
