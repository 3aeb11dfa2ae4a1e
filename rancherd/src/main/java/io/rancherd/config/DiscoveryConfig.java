package io.rancherd.config;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code discovery} section: how servers find each other and elect the cluster-init node.
 *
 * @param params the {@code params} as written (go-discover's form, unknown ones included)
 * @param peers what this build makes of {@code params}: the provider and its settings, checked
 */
public record DiscoveryConfig(
    Map<String, String> params,
    DiscoveryParams peers,
    int expectedServers,
    Duration serverCacheDuration) {

  public static final int DEFAULT_EXPECTED_SERVERS = 3;
  public static final Duration DEFAULT_SERVER_CACHE_DURATION = Duration.ofMinutes(1);

  public DiscoveryConfig {
    params = Collections.unmodifiableMap(new TreeMap<>(params));
  }
}
