package io.rancherd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rancherd bootstrap} on joining nodes, end to end through the launcher. */
class JoinIT {

  private static final String PASSWORD = "join-it-password-0815";
  private static final String HASH = "8010bfcee1842b2a4ce8f67c3e9455f0188f7a15bf39ec61a26feb75cd785821";

  @Test
  void unreachableServerWithOnceExitsOneNamingTheServerAndTheLastErrorAndInstallsNothing(@TempDir Path root,
      @TempDir Path configDir) throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    Path config = Launcher.write(configDir.resolve("agent.yaml"), """
        rancherd:
          role: agent
          server: https://127.0.0.1:%d
          token: K10%s::server:%s
          kubernetesVersion: v1.29.4+k3s1
        """.formatted(port, HASH, PASSWORD));

    Launcher.Result r = Launcher.run(root, "bootstrap", "--once", "--server-wait", "3s", "--config", config.toString());

    assertEquals(1, r.exitCode(), () -> r.describe(PASSWORD));
    List<String> lines = r.stderrLines();
    String last = lines.get(lines.size() - 1);
    String url = "https://127.0.0.1:" + port;
    assertTrue(last.startsWith("rancherd: reaching the k3s supervisor " + url + ": "), last);
    assertTrue(last.contains("127.0.0.1:" + port) && last.contains("(waited 3 s); fix: "), last);
    assertFalse(r.stdout().contains(PASSWORD) || r.stderr().contains(PASSWORD), "the token was printed");
    assertEquals(List.of(StandInNode.DATA + "/working"), Launcher.filesUnder(root),
        "nothing but the working stamp is written before the server's CA is verified");
    assertEquals("rw-------", Launcher.mode(root.resolve(StandInNode.DATA + "/working")));

    Launcher.Result status = Launcher.run(root, "status");
    assertTrue(status.stdout().contains("\nlast error:   " + last.substring("rancherd: ".length()) + "\n"),
        () -> status.describe(PASSWORD));
    assertFalse(Launcher.readString(root.resolve(StandInNode.DATA + "/working")).contains(PASSWORD));
  }
}
