package io.rancherd.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rancherd.download.Messages;
import io.rancherd.error.InvalidInputException;
import io.rancherd.runtime.Runtime;
import io.rancherd.tls.TlsClients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InstallScriptsTest {

  @TempDir Path dir;

  @Test
  void url_defaultsPerRuntimeAndOverride() {
    assertEquals("https://get.k3s.io", InstallScripts.url(Runtime.K3S, Optional.empty()));
    assertEquals("https://get.rke2.io", InstallScripts.url(Runtime.RKE2, Optional.of(" ")));
    assertEquals(
        "https://mirror.example.com/k3s.sh",
        InstallScripts.url(Runtime.K3S, Optional.of("https://mirror.example.com/k3s.sh")));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://mirror.example.com/install.sh",
        "ftp://mirror.example.com/install.sh",
        "get.k3s.io"
      })
  void download_rejectsAnythingButHttpsBeforeConnecting(String url) throws Exception {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () ->
                new InstallScripts(TlsClients.base())
                    .download(Runtime.K3S, Optional.of(url), dir.resolve("install.sh")));

    assertEquals(
        "installScriptUrl \""
            + url
            + "\" must be an https:// URL: the install script runs as root, so"
            + " rancherd downloads it only over verified TLS",
        e.getMessage());
    try (var files = Files.list(dir)) {
      assertEquals(0, files.count());
    }
  }

  @Test
  void firstWord_showsHowAnUnexpectedBodyStarts() {
    assertEquals(
        "<!DOCTYPE",
        Messages.firstWord(
            "<!DOCTYPE html>\n<html>".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    assertEquals(
        "{\"error\":",
        Messages.firstWord("  {\"error\": 1}".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    assertEquals("??PNG", Messages.firstWord(new byte[] {(byte) 0x89, 0x00, 'P', 'N', 'G'}));
  }
}
