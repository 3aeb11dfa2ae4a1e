package io.rancherd.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rancherd.download.DownloadException;
import io.rancherd.download.Fetcher;
import io.rancherd.error.InvalidInputException;
import io.rancherd.tls.TlsClients;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RancherVersionResolverTest {

  static final Fetcher.Attempt ATTEMPT =
      new Fetcher.Attempt(
          "resolving rancherVersion \"stable\" through URL",
          "set rancherVersion to an exact version such as v2.8.5");

  final RancherVersionResolver resolver = new RancherVersionResolver(TlsClients.base());

  @ParameterizedTest
  @CsvSource({
    "v2.8.5, 2.8.5",
    "2.8.5, 2.8.5",
    "v2.9.0-rc1, 2.9.0-rc1",
    "' v2.7.10 ', 2.7.10",
  })
  void resolve_exactVersionNeedsNoNetwork(String input, String chartVersion) throws Exception {
    RancherRelease chart = resolver.resolve(input, Optional.empty());

    assertEquals(
        new RancherRelease("https://releases.rancher.com/server-charts/stable", chartVersion),
        chart);
    assertEquals("v" + chartVersion, chart.imageTag());
  }

  @Test
  void resolve_exactVersionKeepsTheRepositoryOverride() throws Exception {
    assertEquals(
        new RancherRelease("https://charts.example.com/rancher", "2.8.5"),
        resolver.resolve("v2.8.5", Optional.of("https://charts.example.com/rancher/")));
  }

  @Test
  void resolve_unknownChannelNamesTheChoices() {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> resolver.resolve("v2.8", Optional.empty()));

    assertEquals(
        "rancherVersion \"v2.8\" is neither an exact version such as v2.8.5 nor a channel"
            + " (stable, latest, alpha, prime)",
        e.getMessage());
  }

  @Test
  void resolve_repositoryOverrideMustBeAUrl() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> resolver.resolve("stable", Optional.of("charts.example.com")));

    assertEquals(
        "rancherChartRepository \"charts.example.com\" is not an http(s) URL", e.getMessage());
  }

  @Test
  void choose_highestReleaseWhateverTheOrder() throws Exception {
    List<String> versions = List.of("2.7.10", "2.8.5", "2.9.0-rc2", "2.8.10", "2.7.15", "2.8.9");

    assertEquals("2.8.10", RancherVersionResolver.choose(versions, false, ATTEMPT));
  }

  @Test
  void choose_alphaTakesPreReleasesToo() throws Exception {
    List<String> versions = List.of("2.9.0-alpha3", "2.8.5", "2.9.0-alpha10", "2.9.0-alpha9");

    assertEquals("2.9.0-alpha10", RancherVersionResolver.choose(versions, true, ATTEMPT));
  }

  @Test
  void choose_onlyPreReleasesOutsideAlphaSaysWhatToDo() {
    DownloadException e =
        assertThrows(
            DownloadException.class,
            () -> RancherVersionResolver.choose(List.of("2.9.0-rc1", "2.9.0-rc2"), false, ATTEMPT));

    assertEquals(
        "resolving rancherVersion \"stable\" through URL: the index lists only pre-releases of rancher"
            + " (such as 2.9.0-rc1); use the alpha channel or set rancherVersion to an exact version",
        e.getMessage());
    assertEquals(DownloadException.Reason.BAD_ANSWER, e.reason());
  }

  @Test
  void rancherVersions_readsEntriesRancherInIndexOrder() throws Exception {
    String index =
        """
        apiVersion: v1
        entries:
          cert-manager:
          - version: v1.15.0
          rancher:
          - name: rancher
            version: 2.8.5
            created: 2024-06-20T10:00:00Z
            urls: [https://releases.rancher.com/server-charts/stable/rancher-2.8.5.tgz]
          - name: rancher
            version: 2.8.10
        generated: 2024-06-21T00:00:00Z
        """;

    assertEquals(
        List.of("2.8.5", "2.8.10"), RancherVersionResolver.rancherVersions(index, ATTEMPT));
  }

  @Test
  void rancherVersions_withoutRancherEntriesSaysSo() {
    DownloadException e =
        assertThrows(
            DownloadException.class,
            () ->
                RancherVersionResolver.rancherVersions(
                    "apiVersion: v1\nentries:\n  nginx:\n  - version: 1.0.0\n", ATTEMPT));

    assertEquals(
        "resolving rancherVersion \"stable\" through URL: the index lists no rancher chart versions;"
            + " is this the Rancher server-charts repository?",
        e.getMessage());
  }

  @Test
  void rancherVersions_malformedYamlSaysWhereAndStaysOnOneLine() {
    DownloadException e =
        assertThrows(
            DownloadException.class,
            () ->
                RancherVersionResolver.rancherVersions(
                    "entries:\n  rancher: [\n  - version: 2.8.5\n  bad: : :\n", ATTEMPT));

    assertTrue(
        e.getMessage()
            .startsWith(
                "resolving rancherVersion \"stable\" through URL: the answer is not valid YAML ("),
        e.getMessage());
    assertTrue(e.getMessage().endsWith("); is this a Helm repository?"), e.getMessage());
    assertTrue(e.getMessage().contains(" at line "), e.getMessage());
    assertTrue(!e.getMessage().contains("\n"), e.getMessage());
  }

  @Test
  void rancherVersions_htmlIsNotAnIndex() {
    DownloadException e =
        assertThrows(
            DownloadException.class,
            () ->
                RancherVersionResolver.rancherVersions("<html><body>Login</body></html>", ATTEMPT));

    assertEquals(
        "resolving rancherVersion \"stable\" through URL: the answer is not a Helm repository index"
            + " (no \"entries\" map)",
        e.getMessage());
  }
}
