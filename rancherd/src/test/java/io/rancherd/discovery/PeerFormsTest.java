package io.rancherd.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PeerFormsTest {

  @Test
  void defaultRouteIsTheLowestMetricZeroDestination() {
    List<String> table =
        List.of(
            "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT",
            "eth1\t00000000\t0100000A\t0003\t0\t0\t200\t00000000\t0\t0\t0",
            "eth0\t00000000\t0101A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0",
            "eth0\t0001A8C0\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0");

    assertEquals(Optional.of("eth0"), LocalAddress.defaultRoute(table));
    assertEquals(Optional.empty(), LocalAddress.defaultRoute(table.subList(0, 1)));
  }

  @Test
  void peerDocumentKeepsRancherdsPeersFieldAndReadsBackSorted() throws Exception {
    PeerReport report =
        new PeerReport(
            "id-1",
            PeerState.JOINING,
            List.of(PeerAddress.parse("10.0.0.10"), PeerAddress.parse("10.0.0.9")),
            Optional.of(PeerAddress.parse("10.0.0.9")));

    String json = new String(report.toJson(), java.nio.charset.StandardCharsets.UTF_8);
    PeerReport read = PeerReport.parse(report.toJson(), "id-1");

    assertEquals(
        "{\"peers\":[\"10.0.0.10\",\"10.0.0.9\"],\"id\":\"id-1\",\"state\":\"joining\",\"leader\":\"10.0.0.9\"}\n",
        json);
    assertEquals(
        List.of(PeerAddress.parse("10.0.0.9"), PeerAddress.parse("10.0.0.10")), read.peers());
    assertEquals(PeerState.JOINING, read.state());
    assertEquals(Optional.of(PeerAddress.parse("10.0.0.9")), read.leader());
  }

  @Test
  void rancherdsPlainPeerListReadsAsDiscovering() throws Exception {
    PeerReport read =
        PeerReport.parse(
            "{\"peers\":[\"10.0.0.5\"]}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
            "go-id");

    assertEquals(PeerState.DISCOVERING, read.state());
    assertEquals(List.of(PeerAddress.parse("10.0.0.5")), read.peers());
  }
}
