package io.rancherd.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rancherd.fs.Root;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProxyEnvFileTest {

  private static final String FILE = "/etc/default/rke2-server";

  @TempDir Path dir;

  @Test
  void writesAQuotedBlockAfterTheUsersLinesAndResetRemovesOnlyThatBlock() throws Exception {
    Root root = new Root(dir);
    Path file = root.path(FILE);
    Files.createDirectories(file.getParent());
    Files.writeString(file, "HTTP_PROXY=http://users-own:3128\nRKE2_SELINUX=true\n");

    ProxyEnvFile.write(
        root,
        FILE,
        Map.of("HTTPS_PROXY", "http://u:p\"w\\d@proxy:3128", "NO_PROXY", "localhost"),
        List.of("10.42.0.0/16", "server1"));

    List<String> lines = Files.readAllLines(file);
    assertTrue(
        lines.contains("HTTPS_PROXY=\"http://u:p\\\"w\\\\d@proxy:3128\""),
        "quoted and escaped as systemd reads it: " + lines);
    assertTrue(lines.contains("NO_PROXY=\"localhost,10.42.0.0/16,server1\""), lines.toString());
    assertEquals(
        List.of("HTTP_PROXY=http://users-own:3128", "RKE2_SELINUX=true", ProxyEnvFile.MARKER),
        lines.subList(0, 3),
        "the user's lines first, as they were");

    assertTrue(ProxyEnvFile.removeWritten(root, FILE));
    assertEquals(
        "HTTP_PROXY=http://users-own:3128\nRKE2_SELINUX=true\n",
        Files.readString(file),
        "the user's lines, and only them, stay");
  }

  @Test
  void aRunWithoutAProxyRemovesTheBlockAnEarlierRunWrote() throws Exception {
    Root root = new Root(dir);
    ProxyEnvFile.write(root, FILE, Map.of("HTTPS_PROXY", "http://proxy:3128"), List.of());
    assertTrue(ProxyEnvFile.writtenBy(root, FILE));

    ProxyEnvFile.write(root, FILE, Map.of(), List.of());

    assertFalse(Files.exists(root.path(FILE)), "nothing of the user's was there: the file goes");
  }
}
