package io.rancherd.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rancherd.testing.Commands;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** systemd/rancherd.service: the directives the boot job relies on, and systemd-analyze verify. */
class UnitFileTest {

  @TempDir Path dir;

  @Test
  void unit_hasTheDirectivesOfAOneShotFirstBootJob() {
    List<String> lines = Built.read(Built.unit()).lines().map(String::strip).toList();
    for (String directive :
        List.of(
            "Type=oneshot",
            "Wants=network-online.target",
            "After=network-online.target",
            "ConditionPathExists=!/var/lib/rancher/rancherd/bootstrapped",
            "TimeoutStartSec=0",
            "EnvironmentFile=-/etc/default/%N",
            "EnvironmentFile=-/etc/sysconfig/%N",
            "ExecStart=/usr/bin/rancherd bootstrap",
            // systemctl stop during a bootstrap: the JVM's exit on SIGTERM is no failure
            "SuccessExitStatus=143",
            "Documentation=man:rancherd(8)",
            "KillMode=process",
            "WantedBy=multi-user.target")) {
      assertTrue(
          lines.contains(directive),
          () -> "missing " + directive + " in\n" + String.join("\n", lines));
    }
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("Description=")), "Description=");
    // cloud-final.service is ordered after multi-user.target on Debian: that would be a cycle.
    assertFalse(
        lines.stream().anyMatch(l -> l.contains("cloud-final")), "no ordering against cloud-final");
  }

  /**
   * systemd-analyze verify wants ExecStart's program to exist: the unit is verified as it is,
   * except that ExecStart names a stand-in program in a temp dir instead of /usr/bin/rancherd. Its
   * Documentation= page, rancherd(8), is not installed on the build machine: the package's copy is
   * checked by DocsIT.
   */
  @Test
  void unit_passesSystemdAnalyzeVerify() throws IOException {
    Built.requireTool("systemd-analyze", "systemd");
    Path program = dir.resolve("rancherd");
    Files.writeString(program, "#!/bin/sh\nexit 0\n");
    Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
    String unit = Built.read(Built.unit());
    Path copy = dir.resolve("rancherd.service");
    Files.writeString(
        copy, unit.replace("ExecStart=/usr/bin/rancherd ", "ExecStart=" + program + " "));

    Commands.Output out =
        Built.run(List.of("systemd-analyze", "verify", "--man=no", copy.toString()), dir, Map.of());

    assertEquals(0, out.exitCode(), () -> out.stdout() + out.stderr());
    assertEquals(
        "", out.stderr().strip(), "systemd-analyze verify prints nothing for a clean unit");
  }
}
