package io.rancherd.config;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/** The {@code discovery} section: how servers find each other and elect the cluster-init node. */
public record DiscoveryConfig(Map<String, String> params, int expectedServers, Duration serverCacheDuration) {

  public static final int DEFAULT_EXPECTED_SERVERS = 3;
  public static final Duration DEFAULT_SERVER_CACHE_DURATION = Duration.ofMinutes(1);

  public DiscoveryConfig {
    params = java.util.Collections.unmodifiableMap(new TreeMap<>(params));
  }
}
