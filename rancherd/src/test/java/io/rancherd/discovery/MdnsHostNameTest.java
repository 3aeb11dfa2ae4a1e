package io.rancherd.discovery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

/**
 * The address handed to JmDNS carries a host name, so JmDNS's {@code getHostName()} never goes to
 * reverse DNS (which blocks for the resolver's timeout where DNS does not answer, as at first
 * boot).
 */
class MdnsHostNameTest {

  @Test
  void anAddressGetsTheNameAndKeepsItsBytes() throws UnknownHostException {
    InetAddress plain = InetAddress.getByAddress(new byte[] {10, 78, 0, 11});

    InetAddress named = MdnsPeerSource.named(plain, "rancherd-abc");

    assertEquals("rancherd-abc", named.getHostName());
    assertArrayEquals(plain.getAddress(), named.getAddress());
    assertEquals(plain, named);
    assertEquals("10.78.0.11", new PeerAddress(named).text());
  }

  @Test
  void aGlobalIpv6AddressGetsTheNameWithoutAScope() throws UnknownHostException {
    InetAddress plain = InetAddress.getByName("fd00::11");

    InetAddress named = MdnsPeerSource.named(plain, "rancherd-abc");

    assertEquals("rancherd-abc", named.getHostName());
    assertEquals("fd00:0:0:0:0:0:0:11", named.getHostAddress());
  }

  @Test
  void aScopedIpv6AddressIsKept() throws UnknownHostException {
    InetAddress scoped =
        Inet6Address.getByAddress(null, InetAddress.getByName("fe80::1").getAddress(), 3);

    assertSame(scoped, MdnsPeerSource.named(scoped, "rancherd-abc"));
  }
}
