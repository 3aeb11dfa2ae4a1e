package io.rancherd.doctor;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NoProxyListTest {

  @Test
  void domains_coverThemselvesAndSubdomains_leadingDotSubdomainsOnly() {
    NoProxyList list = NoProxyList.parse("example.com, .corp.net,*.lab.org");

    assertTrue(list.coversHost("example.com"));
    assertTrue(list.coversHost("a.example.com"));
    assertFalse(list.coversHost("badexample.com"));
    assertFalse(list.coversHost("corp.net"));
    assertTrue(list.coversHost("s1.corp.net"));
    assertTrue(list.coversHost("s1.lab.org"));
  }

  @Test
  void ranges_coverAddressesAndWholeRanges() {
    NoProxyList list = NoProxyList.parse("10.0.0.0/8,192.168.1.7,10.42.0.0/24:6443,[fd00::1]:443");

    assertTrue(list.coversHost("10.1.2.3"));
    assertTrue(list.coversHost("192.168.1.7"));
    assertFalse(list.coversHost("192.168.1.8"));
    assertTrue(list.coversHost("fd00::1"));
    assertTrue(list.coversRange(IpRange.parse("10.42.0.0/16").orElseThrow()));
    assertFalse(
        NoProxyList.parse("10.42.0.0/24").coversRange(IpRange.parse("10.42.0.0/16").orElseThrow()));
    assertFalse(list.coversRange(IpRange.parse("fd00::/64").orElseThrow()));
  }

  @Test
  void aStar_coversEverything() {
    assertTrue(NoProxyList.parse("*").coversHost("anything.example"));
    assertTrue(NoProxyList.parse("*").coversRange(IpRange.parse("10.43.0.0/16").orElseThrow()));
  }

  @Test
  void ipRange_acceptsOnlyLiterals() {
    assertFalse(IpRange.parse("999.1.1.1").isPresent());
    assertFalse(IpRange.parse("10.0.0.0/33").isPresent());
    assertFalse(IpRange.parse("example.com").isPresent());
  }
}
