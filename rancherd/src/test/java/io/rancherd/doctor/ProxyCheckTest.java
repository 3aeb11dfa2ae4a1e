package io.rancherd.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProxyCheckTest {

  @TempDir Path dir;

  private DoctorFixture joining(String extraConfig) {
    DoctorFixture node = new DoctorFixture(dir);
    node.config(
        "role: server\nserver: https://server1.example.com:8443\ntoken: secret-token\n"
            + extraConfig);
    return node;
  }

  @Test
  void aProxyWhoseNoProxyMissesTheServerAndTheClusterRanges_warnsWithTheValueToUse()
      throws Exception {
    DoctorFixture node = joining("");
    node.env.put("HTTPS_PROXY", "http://user:secret@proxy.example.com:3128");
    node.env.put("no_proxy", "localhost,127.0.0.0/8");

    assertEquals(
        "WARN proxy: HTTPS_PROXY=http://***@proxy.example.com:3128 set and NO_PROXY does not cover "
            + "server1.example.com (the server), 10.42.0.0/16 (cluster-cidr), 10.43.0.0/16 (service-cidr); fix: use "
            + "NO_PROXY=localhost,127.0.0.0/8,server1.example.com,10.42.0.0/16,10.43.0.0/16",
        node.run(new ProxyCheck()).line());
  }

  @Test
  void aProxyWithoutNoProxy_warnsAboutEverything_withTheConfiguredRanges() throws Exception {
    DoctorFixture node =
        joining(
            "extraConfig:\n  cluster-cidr: 10.50.0.0/16,fd00:42::/56\n  service-cidr: [10.51.0.0/16]\n");
    node.env.put("http_proxy", "proxy.example.com:3128");

    assertEquals(
        "WARN proxy: http_proxy=proxy.example.com:3128 set and NO_PROXY does not cover localhost, 127.0.0.1, "
            + "server1.example.com (the server), 10.50.0.0/16 (cluster-cidr), fd00:42::/56 (cluster-cidr), 10.51.0.0/16 "
            + "(service-cidr); fix: use NO_PROXY=localhost,127.0.0.1,server1.example.com,10.50.0.0/16,fd00:42::/56,"
            + "10.51.0.0/16",
        node.run(new ProxyCheck()).line());
  }

  @Test
  void aNoProxyThatCoversEverything_passes() throws Exception {
    DoctorFixture node = joining("");
    node.env.put("HTTPS_PROXY", "http://proxy.example.com:3128");
    node.env.put("NO_PROXY", "localhost,127.0.0.0/8,.example.com,10.0.0.0/8");

    assertEquals(
        "PASS proxy: HTTPS_PROXY=http://proxy.example.com:3128 set; NO_PROXY covers localhost, 127.0.0.1, "
            + "server1.example.com (the server), 10.42.0.0/16 (cluster-cidr), 10.43.0.0/16 (service-cidr)",
        node.run(new ProxyCheck()).line());
  }

  @Test
  void anInvalidEntry_failsAsTheInstallStepWould_andTheValueToUseLeavesItOut() throws Exception {
    DoctorFixture node = joining("");
    node.env.put("HTTPS_PROXY", "http://proxy.example.com:3128");
    node.env.put("NO_PROXY", "localhost,10.0.0.0/33,127.0.0.0/8");

    assertEquals(
        "FAIL proxy: NO_PROXY: entry \"10.0.0.0/33\" is not a valid CIDR range such as 10.0.0.0/8; "
            + "rancherd's downloads stop at an invalid entry (exit 2), and k3s and RKE2 ignore it; "
            + "fix: use NO_PROXY=localhost,127.0.0.0/8,server1.example.com,10.42.0.0/16,10.43.0.0/16",
        node.run(new ProxyCheck()).line());
  }

  @Test
  void anInvalidEntryWithoutAProxy_failsToo_forTheDownloadsReadNoProxyAlways() throws Exception {
    DoctorFixture node = joining("");
    node.env.put("no_proxy", "10.42.0.0/16:6443");

    assertEquals(
        "FAIL proxy: no_proxy: entry \"10.42.0.0/16:6443\" is not a valid CIDR range such as "
            + "10.0.0.0/8; rancherd's downloads stop at an invalid entry (exit 2), and k3s and RKE2 "
            + "ignore it; fix: unset no_proxy",
        node.run(new ProxyCheck()).line());
  }

  @Test
  void noProxy_passes() throws Exception {
    assertEquals(
        "PASS proxy: no HTTPS_PROXY or HTTP_PROXY is set",
        joining("").run(new ProxyCheck()).line());
  }
}
