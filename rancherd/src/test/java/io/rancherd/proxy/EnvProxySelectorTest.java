package io.rancherd.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rancherd.error.InvalidInputException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnvProxySelectorTest {

  static final Proxy CORP =
      new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("proxy.corp", 3128));

  static EnvProxySelector selector(Map<String, String> env) throws InvalidInputException {
    return EnvProxySelector.fromEnvironment(env);
  }

  static List<Proxy> select(EnvProxySelector selector, String url) {
    return selector.select(URI.create(url));
  }

  @Test
  void noVariables_meansDirect() throws Exception {
    assertEquals(List.of(Proxy.NO_PROXY), select(selector(Map.of()), "https://get.k3s.io/"));
  }

  @Test
  void httpsProxy_isUsedForHttpsAndHttpProxyForHttp() throws Exception {
    EnvProxySelector selector =
        selector(Map.of("HTTPS_PROXY", "http://proxy.corp:3128", "http_proxy", "other.corp:8080"));

    assertEquals(
        List.of(CORP), select(selector, "https://update.k3s.io/v1-release/channels/stable"));
    assertEquals(
        List.of(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("other.corp", 8080))),
        select(selector, "http://mirror.local/index.yaml"));
  }

  @Test
  void upperCaseWinsOverLowerCase_asInGo() throws Exception {
    EnvProxySelector selector =
        selector(
            Map.of(
                "HTTPS_PROXY",
                "proxy.corp:3128",
                "https_proxy",
                "other.corp:1",
                "NO_PROXY",
                "get.k3s.io",
                "no_proxy",
                "update.k3s.io"));

    assertEquals(List.of(Proxy.NO_PROXY), select(selector, "https://get.k3s.io/"));
    assertEquals(List.of(CORP), select(selector, "https://update.k3s.io/"));
  }

  @Test
  void lowerCaseIsReadWhenUpperCaseIsMissingOrEmpty() throws Exception {
    EnvProxySelector selector =
        selector(Map.of("HTTPS_PROXY", "", "https_proxy", "http://proxy.corp:3128/"));

    assertEquals(List.of(CORP), select(selector, "https://get.k3s.io/"));
  }

  @ParameterizedTest
  @CsvSource({
    // NO_PROXY, URL, bypassed
    "'', https://get.k3s.io, false",
    "*, https://get.k3s.io, true",
    "get.k3s.io, https://get.k3s.io, true",
    "get.k3s.io, https://GET.K3S.IO/x, true",
    "k3s.io, https://get.k3s.io, true",
    "k3s.io, https://k3s.io, true",
    "k3s.io, https://notk3s.io, false",
    ".k3s.io, https://get.k3s.io, true",
    ".k3s.io, https://k3s.io, false",
    "*.k3s.io, https://update.k3s.io, true",
    "*.k3s.io, https://k3s.io, false",
    "'foo.com, get.k3s.io ', https://get.k3s.io, true",
    "get.k3s.io:443, https://get.k3s.io, true",
    "get.k3s.io:443, https://get.k3s.io:8443, false",
    "get.k3s.io:8443, https://get.k3s.io:8443, true",
    "mirror.local:80, http://mirror.local, true",
    "10.0.0.0/8, https://10.20.30.40, true",
    "10.0.0.0/8, https://11.0.0.1, false",
    "10.0.0.0/8, https://ten.example.com, false",
    "192.168.1.10, https://192.168.1.10:8443, true",
    "192.168.1.10:8443, https://192.168.1.10:8443, true",
    "192.168.1.10:8443, https://192.168.1.10, false",
    "fd00::/8, https://[fd00::5], true",
    "[fd00::5]:443, https://[fd00::5], true",
    "'', https://localhost:8443, true",
    "'', https://127.0.0.1:8443, true",
    "'', https://[::1]:8443, true",
  })
  void noProxy_matching(String noProxy, String url, boolean bypassed) throws Exception {
    EnvProxySelector selector =
        selector(
            Map.of(
                "HTTPS_PROXY",
                "proxy.corp:3128",
                "HTTP_PROXY",
                "proxy.corp:3128",
                "NO_PROXY",
                noProxy));

    assertEquals(
        List.of(bypassed ? Proxy.NO_PROXY : CORP), select(selector, url), noProxy + " vs " + url);
  }

  @Test
  void credentialsAreKeptForTheAuthenticatorButNotInTheAddress() throws Exception {
    EnvProxySelector selector =
        selector(Map.of("HTTPS_PROXY", "http://edge%40site:p%3Ass@proxy.corp:3128"));

    EnvProxySelector.EnvProxy proxy = selector.byProxy(CORP).orElseThrow();

    assertEquals(Optional.of("edge@site"), proxy.user());
    assertEquals(Optional.of("p:ss"), proxy.password());
    assertEquals("proxy.corp:3128", proxy.describe());
  }

  @Test
  void socks5_isASocksProxyWithItsDefaultPort() throws Exception {
    EnvProxySelector selector = selector(Map.of("HTTPS_PROXY", "socks5://gw.corp"));

    assertEquals(
        List.of(new Proxy(Proxy.Type.SOCKS, InetSocketAddress.createUnresolved("gw.corp", 1080))),
        select(selector, "https://get.k3s.io"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "https://user:secret@proxy.corp:3128 | environment variable HTTPS_PROXY=https://***@proxy.corp:3128 is not a"
            + " usable proxy: proxies reached over TLS are not supported; use http://host:port",
        "ftp://proxy.corp | environment variable HTTPS_PROXY=ftp://proxy.corp is not a usable proxy: the scheme must be"
            + " http or socks5",
        "http://proxy corp:3128 | environment variable HTTPS_PROXY=http://proxy corp:3128 is not a usable proxy: it is"
            + " not a URL",
      })
  void unusableProxyValues_areRejectedWithoutShowingCredentials(String value, String message) {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> selector(Map.of("HTTPS_PROXY", value)));

    assertEquals(message, e.getMessage());
  }

  @Test
  void badCidrInNoProxy_isRejected() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> selector(Map.of("NO_PROXY", "10.0.0.0/33")));

    assertEquals(
        "environment variable NO_PROXY: entry \"10.0.0.0/33\" is not a valid CIDR range such as "
            + "10.0.0.0/8: correct or remove it",
        e.getMessage());
  }
}
