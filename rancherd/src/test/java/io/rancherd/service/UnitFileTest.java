package io.rancherd.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UnitFileTest {

  @Test
  void readsExecStartEnvironmentAndEnvironmentFilesOfARuntimeUnit() {
    UnitFile unit =
        UnitFile.parse(
            """
        [Unit]
        Description=Lightweight Kubernetes
        [Service]
        Type=notify
        EnvironmentFile=-/etc/default/%N
        EnvironmentFile=-/etc/systemd/system/k3s.service.env
        Environment="HOME=/root" LANG=C
        ExecStartPre=-/sbin/modprobe br_netfilter
        ExecStart=/usr/local/bin/k3s \\
            server \\
            '--node-label' "tier=edge zone"
        # ExecStart=/commented/out
        [Install]
        WantedBy=multi-user.target
        """);

    assertEquals(
        List.of("/usr/local/bin/k3s", "server", "--node-label", "tier=edge zone"),
        unit.execStart());
    assertEquals(Map.of("HOME", "/root", "LANG", "C"), unit.environment());
    assertEquals(
        List.of("-/etc/default/%N", "-/etc/systemd/system/k3s.service.env"),
        unit.environmentFiles());
  }

  @Test
  void quotesWrittenByTheK3sInstallScriptAreRemoved() {
    assertEquals(
        List.of("/usr/local/bin/k3s", "server", "--node-label", "it's"),
        UnitFile.parse(
                "ExecStart=/usr/local/bin/k3s \\\n    server \\\n\t'--node-label' \\\n\t'it'\\''s' \\\n\n")
            .execStart());
  }

  @Test
  void execStartPrefixesAreNotPartOfTheCommand() {
    assertEquals(
        List.of("/usr/local/bin/rke2", "server"),
        UnitFile.parse("ExecStart=-/usr/local/bin/rke2 server\n").execStart());
  }

  @Test
  void environmentFilesAllowQuotesExportAndComments() {
    Map<String, String> env =
        UnitFile.environmentFile(
            """
        # written by install.sh
        K3S_TOKEN="abc def"
        export HTTPS_PROXY=http://proxy:3128
        NO_PROXY='localhost,127.0.0.1'
        EMPTY=
        """);

    assertEquals("abc def", env.get("K3S_TOKEN"));
    assertEquals("http://proxy:3128", env.get("HTTPS_PROXY"));
    assertEquals("localhost,127.0.0.1", env.get("NO_PROXY"));
    assertEquals("", env.get("EMPTY"));
  }
}
