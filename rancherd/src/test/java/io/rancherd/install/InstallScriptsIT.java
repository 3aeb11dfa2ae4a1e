package io.rancherd.install;

import static io.rancherd.testing.LocalHttpsServer.answer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.rancherd.download.DownloadClient;
import io.rancherd.download.DownloadException;
import io.rancherd.error.InvalidInputException;
import io.rancherd.runtime.Runtime;
import io.rancherd.testing.LocalHttpsServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The install-script download against real HTTPS servers on 127.0.0.1 with BouncyCastle-made
 * certificates, asserting the messages a user would read and that nothing is written on failure.
 */
class InstallScriptsIT {

  static final String K3S_OFFLINE_FIX =
      "; this node looks offline: set kubernetesVersion to an exact version such as"
          + " v1.30.2+k3s1, or install from airgapArtifactsDir";
  static final String SCRIPT = "#!/bin/sh\nset -e\necho installing k3s\n";

  @TempDir Path dir;
  final LocalHttpsServer server = new LocalHttpsServer();
  final List<AutoCloseable> extras = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    server.close();
    for (AutoCloseable extra : extras) {
      extra.close();
    }
  }

  // --- install scripts --------------------------------------------------------------------------

  @Test
  void script_isWrittenWithMode0700AndItsSha256() throws Exception {
    server.on("/install.sh", answer(200, Map.of("Content-Type", "text/plain"), SCRIPT));
    Path target = dir.resolve("bin/k3s-install.sh");

    DownloadedScript script =
        new InstallScripts(server.trustingClient())
            .download(Runtime.K3S, Optional.of(server.url("/install.sh")), target);

    assertEquals(SCRIPT, Files.readString(target));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
    assertEquals(sha256(SCRIPT), script.sha256());
    assertEquals(
        new DownloadedScript(server.url("/install.sh"), target, SCRIPT.length(), sha256(SCRIPT)),
        script);
  }

  @Test
  void script_httpsRedirectIsFollowed() throws Exception {
    server.on("/get", answer(302, Map.of("Location", "/releases/install.sh"), ""));
    server.on("/releases/install.sh", answer(200, Map.of(), SCRIPT));

    DownloadedScript script =
        new InstallScripts(server.trustingClient())
            .download(Runtime.RKE2, Optional.of(server.url("/get")), dir.resolve("install.sh"));

    assertEquals(server.url("/releases/install.sh"), script.url());
    assertEquals(SCRIPT, Files.readString(dir.resolve("install.sh")));
  }

  @Test
  void script_htmlPageIsRejectedAndNothingIsWritten() throws Exception {
    server.on(
        "/install.sh",
        answer(
            200,
            Map.of("Content-Type", "text/html"),
            "<!DOCTYPE html>\n<html><body>Please log in to the hotel Wi-Fi</body></html>"));
    String url = server.url("/install.sh");

    DownloadException e =
        assertThrows(
            DownloadException.class,
            () ->
                new InstallScripts(server.trustingClient())
                    .download(Runtime.K3S, Optional.of(url), dir.resolve("install.sh")));

    assertEquals(
        "downloading the k3s install script from "
            + url
            + ": the server answered something that is not a"
            + " shell script (starts with '<!DOCTYPE'): a captive portal or proxy error page?",
        e.getMessage());
    assertNothingWritten();
  }

  @Test
  void script_redirectToHttpIsNotFollowed() throws Exception {
    server.on("/install.sh", answer(302, Map.of("Location", "http://127.0.0.1:9/install.sh"), ""));
    String url = server.url("/install.sh");

    DownloadException e =
        assertThrows(
            DownloadException.class,
            () ->
                new InstallScripts(server.trustingClient())
                    .download(Runtime.K3S, Optional.of(url), dir.resolve("install.sh")));

    assertEquals(
        "downloading the k3s install script from "
            + url
            + ": redirected to http://127.0.0.1:9/install.sh,"
            + " which is not https; refusing to follow it",
        e.getMessage());
    assertNothingWritten();
  }

  @Test
  void script_httpUrlIsRejectedBeforeAnyRequest() throws Exception {
    HttpServer plain =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    extras.add(() -> plain.stop(0));
    List<String> seen = new ArrayList<>();
    plain.createContext(
        "/",
        exchange -> {
          seen.add(exchange.getRequestURI().toString());
          LocalHttpsServer.respond(
              exchange, 200, Map.of(), SCRIPT.getBytes(StandardCharsets.UTF_8));
        });
    plain.start();
    String url = "http://127.0.0.1:" + plain.getAddress().getPort() + "/install.sh";

    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () ->
                new InstallScripts(DownloadClient.client(Map.of()))
                    .download(Runtime.K3S, Optional.of(url), dir.resolve("install.sh")));

    assertEquals(
        "installScriptUrl \""
            + url
            + "\" must be an https:// URL: the install script runs as root, so"
            + " rancherd downloads it only over verified TLS",
        e.getMessage());
    assertEquals(List.of(), seen);
    assertNothingWritten();
  }

  @Test
  void script_largerThanTheCapIsRejected() throws Exception {
    byte[] huge = new byte[(int) InstallScripts.MAX_BYTES + 1];
    huge[0] = '#';
    huge[1] = '!';
    server.on("/install.sh", exchange -> LocalHttpsServer.respond(exchange, 200, Map.of(), huge));
    String url = server.url("/install.sh");

    DownloadException e =
        assertThrows(
            DownloadException.class,
            () ->
                new InstallScripts(server.trustingClient())
                    .download(Runtime.K3S, Optional.of(url), dir.resolve("install.sh")));

    assertEquals(
        "downloading the k3s install script from "
            + url
            + ": the answer is 2097153 bytes, more than the"
            + " 2 MiB allowed",
        e.getMessage());
    assertNothingWritten();
  }

  @Test
  void script_untrustedServerIsRefused() throws Exception {
    server.on("/install.sh", answer(200, Map.of(), SCRIPT));
    String url = server.url("/install.sh");

    DownloadException e =
        assertThrows(
            DownloadException.class,
            () ->
                new InstallScripts(DownloadClient.client(Map.of()))
                    .download(Runtime.K3S, Optional.of(url), dir.resolve("install.sh")));

    assertTrue(
        e.getMessage()
            .startsWith(
                "downloading the k3s install script from "
                    + url
                    + ": the server's certificate is not trusted: "),
        e.getMessage());
    assertNothingWritten();
  }

  private void assertNothingWritten() throws Exception {
    try (var files = Files.list(dir)) {
      assertEquals(List.of(), files.toList());
    }
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
