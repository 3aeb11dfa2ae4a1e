package io.rancherd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rancherd doctor} through the packaged launcher, on a temporary root. */
class DoctorCommandIT {

  static final List<String> CHECKS =
      List.of(
          "config",
          "role",
          "dns",
          "tcp",
          "tls",
          "ca",
          "token",
          "clock",
          "node-name",
          "proxy",
          "registry",
          "service",
          "stamps");

  /** No proxy, whatever the build's environment has, so the proxy check is the same everywhere. */
  static final Map<String, String> NO_PROXY_ENV =
      Map.of(
          "HTTPS_PROXY",
          "",
          "https_proxy",
          "",
          "HTTP_PROXY",
          "",
          "http_proxy",
          "",
          "NO_PROXY",
          "",
          "no_proxy",
          "");

  @TempDir Path root;

  private Path config(String yaml) throws Exception {
    Path file = root.resolve("etc/rancher/rancherd/config.yaml");
    Files.createDirectories(file.getParent());
    return Files.writeString(file, yaml);
  }

  private static List<String> field(JsonNode report, String name) {
    List<String> values = new ArrayList<>();
    report.path("checks").forEach(check -> values.add(check.path(name).asText()));
    return values;
  }

  @Test
  void json_onAFreshClusterInitNode_reportsEveryCheckAndExits0() throws Exception {
    config("role: cluster-init\ntoken: my-cluster-secret\n");

    Launcher.Result r = Launcher.run(root, NO_PROXY_ENV, "doctor", "--output", "json");

    assertEquals(0, r.exitCode(), () -> r.describe("my-cluster-secret"));
    JsonNode report = Launcher.parseJson(r.stdout());
    assertEquals(CHECKS, field(report, "check"), r::describe);
    assertEquals(
        List.of(
            "PASS", "PASS", "SKIP", "SKIP", "SKIP", "SKIP", "SKIP", "SKIP", "SKIP", "PASS", "SKIP",
            "SKIP", "WARN"),
        field(report, "status"),
        r::describe);
    assertEquals(0, report.path("failed").asInt(-1), r::describe);
    assertEquals(
        "rancherd has not run on this node",
        report.path("checks").get(CHECKS.indexOf("stamps")).path("message").asText());
    assertEquals(
        "rancherd bootstrap",
        report.path("checks").get(CHECKS.indexOf("stamps")).path("fix").asText());
    assertTrue(report.path("checks").get(0).path("fix").isNull(), r::describe);
    assertTrue(
        !r.stdout().contains("my-cluster-secret") && !r.stderr().contains("my-cluster-secret"),
        "the token is never printed");
    assertEquals(
        List.of("etc"),
        Launcher.entriesUnder(root).stream().filter(e -> !e.contains("/")).toList(),
        "doctor writes nothing under the root");
  }

  @Test
  void text_withABrokenConfig_printsOneLinePerCheckAndExits1() throws Exception {
    Path file = config("role: cluster-init\ntlsSans: rancher.example.com\n");

    Launcher.Result r = Launcher.run(root, NO_PROXY_ENV, "doctor");

    assertEquals(1, r.exitCode(), r::describe);
    List<String> lines = r.stdout().lines().toList();
    assertEquals(CHECKS.size(), lines.size(), r::describe);
    assertEquals(
        "FAIL config: cannot load the config: "
            + file
            + ":2: tlsSans: expected a list, found the string "
            + "'rancher.example.com'; fix: correct that file, then run rancherd doctor again",
        lines.get(0));
    assertEquals("SKIP role: the config did not load", lines.get(1));
  }
}
