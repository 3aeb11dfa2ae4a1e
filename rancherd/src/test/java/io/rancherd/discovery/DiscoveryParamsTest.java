package io.rancherd.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DiscoveryParamsTest {

  @Test
  void rancherdsServiceNameBecomesItsDnsSdType() throws Exception {
    DiscoveryParams params = DiscoveryParams.of(Map.of("provider", "mdns", "service", "rancher-server"));

    assertEquals("_rancher-server._tcp.local.", params.serviceType());
    assertEquals(false, params.v6());
    assertEquals(Optional.empty(), params.networkInterface());
  }

  @Test
  void aNameStartingWithUnderscoreIsTakenAsGiven() throws Exception {
    assertEquals("_edge._tcp.local.", DiscoveryParams.of(Map.of("service", "_edge._tcp")).serviceType());
    assertEquals("_edge._tcp.local.", DiscoveryParams.of(Map.of("service", "_edge")).serviceType());
    assertEquals("_edge._udp.site.", DiscoveryParams.of(Map.of("service", "_edge._udp", "domain", "site.")).serviceType());
  }

  @Test
  void emptyParamsMeanMdnsWithRancherdsService() throws Exception {
    DiscoveryParams params = DiscoveryParams.of(Map.of());

    assertEquals("mdns", params.provider());
    assertEquals("_rancher-server._tcp.local.", params.serviceType());
  }

  @Test
  void staticProviderSplitsAddressesOnCommasAndSpaces() throws Exception {
    DiscoveryParams params = DiscoveryParams.of(Map.of("provider", "static",
        "addresses", "10.0.0.5, 10.0.0.6 server-3.example.com", "interface", "eth1", "v6", "true"));

    assertEquals(List.of("10.0.0.5", "10.0.0.6", "server-3.example.com"), params.addresses());
    assertEquals(Optional.of("eth1"), params.networkInterface());
    assertEquals(true, params.v6());
  }

  @Test
  void v6MustBeTrueOrFalse() {
    DiscoveryParams.Invalid e = assertThrows(DiscoveryParams.Invalid.class,
        () -> DiscoveryParams.of(Map.of("v6", "yes")));

    assertEquals("v6", e.param());
    assertEquals("expected true or false, found 'yes'", e.getMessage());
  }

  @Test
  void defaultRouteIsTheLowestMetricZeroDestination() {
    List<String> table = List.of(
        "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT",
        "eth1\t00000000\t0100000A\t0003\t0\t0\t200\t00000000\t0\t0\t0",
        "eth0\t00000000\t0101A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0",
        "eth0\t0001A8C0\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0");

    assertEquals(Optional.of("eth0"), LocalAddress.defaultRoute(table));
    assertEquals(Optional.empty(), LocalAddress.defaultRoute(table.subList(0, 1)));
  }

  @Test
  void peerDocumentKeepsRancherdsPeersFieldAndReadsBackSorted() throws Exception {
    PeerReport report = new PeerReport("id-1", PeerState.JOINING,
        List.of(PeerAddress.parse("10.0.0.10"), PeerAddress.parse("10.0.0.9")), Optional.of(PeerAddress.parse("10.0.0.9")));

    String json = new String(report.toJson(), java.nio.charset.StandardCharsets.UTF_8);
    PeerReport read = PeerReport.parse(report.toJson(), "id-1");

    assertEquals("{\"peers\":[\"10.0.0.10\",\"10.0.0.9\"],\"id\":\"id-1\",\"state\":\"joining\",\"leader\":\"10.0.0.9\"}\n",
        json);
    assertEquals(List.of(PeerAddress.parse("10.0.0.9"), PeerAddress.parse("10.0.0.10")), read.peers());
    assertEquals(PeerState.JOINING, read.state());
    assertEquals(Optional.of(PeerAddress.parse("10.0.0.9")), read.leader());
  }

  @Test
  void rancherdsPlainPeerListReadsAsDiscovering() throws Exception {
    PeerReport read = PeerReport.parse("{\"peers\":[\"10.0.0.5\"]}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
        "go-id");

    assertEquals(PeerState.DISCOVERING, read.state());
    assertEquals(List.of(PeerAddress.parse("10.0.0.5")), read.peers());
  }
}
