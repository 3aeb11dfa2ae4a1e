package io.rancherd.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rancherd.error.InvalidInputException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one NO_PROXY rule: what doctor checks is what the downloads do. */
class NoProxyTest {

  @Test
  void domains_coverThemselvesAndSubdomains_leadingDotSubdomainsOnly() {
    NoProxy list = NoProxy.parse("example.com, .corp.net,*.lab.org");

    assertTrue(list.covers("example.com"));
    assertTrue(list.covers("a.example.com"));
    assertFalse(list.covers("badexample.com"));
    assertFalse(list.covers("corp.net"));
    assertTrue(list.covers("s1.corp.net"));
    assertTrue(list.covers("s1.lab.org"));
  }

  @Test
  void ranges_coverAddressesAndWholeRanges() {
    NoProxy list = NoProxy.parse("10.0.0.0/8,192.168.1.7,server:6443,[fd00::1]:443");

    assertTrue(list.covers("10.1.2.3"));
    assertTrue(list.covers("192.168.1.7"));
    assertFalse(list.covers("192.168.1.8"));
    assertTrue(list.covers("fd00::1"));
    assertTrue(list.covers("server"), "an entry with a port covers the host");
    assertTrue(list.covers("10.42.0.0/16"));
    assertFalse(NoProxy.parse("10.42.0.0/24").covers("10.42.0.0/16"));
    assertFalse(list.covers("fd00::/64"));
    assertTrue(NoProxy.parse("*").covers("10.43.0.0/16"));
    assertTrue(NoProxy.parse("*").covers("anything.example"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.0/33", "10.42.0.0/16:6443", "example.com/24", "fd00::/129"})
  void anEntryWithASlashThatIsNoCidr_isInvalid_forDoctorAndTheDownloadsAlike(String entry) {
    NoProxy parsed = NoProxy.parse("localhost, " + entry + " ,10.43.0.0/16");

    assertEquals(
        List.of(new NoProxy.Invalid(entry, "is not a valid CIDR range such as 10.0.0.0/8")),
        parsed.invalid());
    assertEquals("localhost,10.43.0.0/16", parsed.validValue(), "the value without it");
    assertThrows(
        InvalidInputException.class,
        () ->
            EnvProxySelector.fromEnvironment(
                Map.of("NO_PROXY", parsed.validValue() + "," + entry)));
  }

  @Test
  void theValidValue_keepsEntriesAsWritten() throws Exception {
    NoProxy parsed = NoProxy.parse(" *, Example.COM ,10.0.0.0/8,");

    assertEquals("*,Example.COM,10.0.0.0/8", parsed.validValue());
    assertEquals(List.of(), parsed.invalid());
    EnvProxySelector.fromEnvironment(Map.of("NO_PROXY", parsed.validValue()));
  }
}
