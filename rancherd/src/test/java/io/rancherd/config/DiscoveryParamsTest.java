package io.rancherd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DiscoveryParamsTest {

  @Test
  void rancherdsServiceNameBecomesItsDnsSdType() throws Exception {
    DiscoveryParams params =
        DiscoveryParams.of(Map.of("provider", "mdns", "service", "rancher-server"));

    assertEquals("_rancher-server._tcp.local.", params.serviceType());
    assertEquals(false, params.v6());
    assertEquals(Optional.empty(), params.networkInterface());
  }

  @Test
  void aNameStartingWithUnderscoreIsTakenAsGiven() throws Exception {
    assertEquals(
        "_edge._tcp.local.", DiscoveryParams.of(Map.of("service", "_edge._tcp")).serviceType());
    assertEquals("_edge._tcp.local.", DiscoveryParams.of(Map.of("service", "_edge")).serviceType());
    assertEquals(
        "_edge._udp.site.",
        DiscoveryParams.of(Map.of("service", "_edge._udp", "domain", "site.")).serviceType());
  }

  @Test
  void emptyParamsMeanMdnsWithRancherdsService() throws Exception {
    DiscoveryParams params = DiscoveryParams.of(Map.of());

    assertEquals("mdns", params.provider());
    assertEquals("_rancher-server._tcp.local.", params.serviceType());
  }

  @Test
  void staticProviderSplitsAddressesOnCommasAndSpaces() throws Exception {
    DiscoveryParams params =
        DiscoveryParams.of(
            Map.of(
                "provider",
                "static",
                "addresses",
                "10.0.0.5, 10.0.0.6 server-3.example.com",
                "interface",
                "eth1",
                "v6",
                "true"));

    assertEquals(List.of("10.0.0.5", "10.0.0.6", "server-3.example.com"), params.addresses());
    assertEquals(Optional.of("eth1"), params.networkInterface());
    assertEquals(true, params.v6());
  }

  @Test
  void v6MustBeTrueOrFalse() {
    DiscoveryParams.Invalid e =
        assertThrows(DiscoveryParams.Invalid.class, () -> DiscoveryParams.of(Map.of("v6", "yes")));

    assertEquals("v6", e.param());
    assertEquals("expected true or false, found 'yes'", e.getMessage());
  }
}
