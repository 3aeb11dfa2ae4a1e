package io.rancherd.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rancherd.error.InvalidInputException;
import io.rancherd.tls.TlsClients;
import java.util.Optional;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ChannelResolverTest {

  @ParameterizedTest
  @CsvSource({
    "'', https://update.k3s.io/v1-release/channels/stable",
    "stable, https://update.k3s.io/v1-release/channels/stable",
    "latest:k3s, https://update.k3s.io/v1-release/channels/latest",
    "stable:rke2, https://update.rke2.io/v1-release/channels/stable",
    "v1.30:rke2, https://update.rke2.io/v1-release/channels/v1.30",
    "v1.30, https://update.k3s.io/v1-release/channels/v1.30",
    "testing, https://update.k3s.io/v1-release/channels/testing",
    "https://channels.example.com/v1-release/channels/stable, https://channels.example.com/v1-release/channels/stable",
    "http://10.0.0.5:8080/channels/latest, http://10.0.0.5:8080/channels/latest",
  })
  void channelUrl_namesAndUrlsAreAskedAt(String input, String expected) throws Exception {
    assertEquals(Optional.of(HttpUrl.get(expected)), ChannelResolver.channelUrl(input));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "v1.30.2+k3s1",
        "v1.30.2+rke2r1",
        "v1.30.2+rke2r1:rke2",
        "v1.22.2-rc1+k3s1",
        "master-head",
        "rancher/k3s:v1.30"
      })
  void channelUrl_exactVersionsAreNotAsked(String input) throws Exception {
    assertEquals(Optional.empty(), ChannelResolver.channelUrl(input));
  }

  @Test
  void resolve_exactVersionIsReturnedAsWrittenWithoutTheRuntimeSuffix() throws Exception {
    ChannelResolver resolver = new ChannelResolver(TlsClients.base());

    assertEquals("v1.30.2+k3s1", resolver.resolve(" v1.30.2+k3s1 "));
    assertEquals("v1.30.2+rke2r1", resolver.resolve("v1.30.2+rke2r1:rke2"));
    assertEquals("master-head", resolver.resolve("master-head"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"stable:rke3", "sta ble", "stable?x=1", "-stable", "stable:"})
  void resolve_rejectsWhatIsNeitherVersionNorChannel(String input) {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> new ChannelResolver(TlsClients.base()).resolve(input));

    assertEquals(
        "kubernetesVersion \""
            + input
            + "\" is neither an exact version such as v1.30.2+k3s1 nor a channel"
            + " such as stable, latest, v1.30 or stable:rke2",
        e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({
    "https://github.com/k3s-io/k3s/releases/tag/v1.30.2+k3s1, v1.30.2+k3s1",
    "https://github.com/k3s-io/k3s/releases/tag/v1.30.2%2Bk3s1, v1.30.2+k3s1",
    "https://github.com/rancher/rke2/releases/tag/v1.30.2%2brke2r1/, v1.30.2+rke2r1",
    "/rancher/rke2/releases/tag/v1.29.6%2Brke2r1, v1.29.6+rke2r1",
    "https://github.com/k3s-io/k3s/releases/tag/v1.30.2+k3s1?x=y#z, v1.30.2+k3s1",
  })
  void versionFromLocation_isTheLastDecodedPathSegment(String location, String expected) {
    HttpUrl channel = HttpUrl.get("https://update.k3s.io/v1-release/channels/stable");

    String version = ChannelResolver.versionFromLocation(channel, location).orElseThrow();

    assertEquals(expected, version);
    assertTrue(ChannelResolver.looksLikeVersion(version));
  }

  @ParameterizedTest
  @ValueSource(strings = {"releases", "latest", "1.30.2", "v1.30", "", "index.html"})
  void looksLikeVersion_rejectsOtherSegments(String segment) {
    assertFalse(ChannelResolver.looksLikeVersion(segment));
  }
}
