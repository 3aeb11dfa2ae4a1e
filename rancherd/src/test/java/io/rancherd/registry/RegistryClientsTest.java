package io.rancherd.registry;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rancherd.error.InvalidInputException;
import io.rancherd.fs.Root;
import io.rancherd.testing.TestPki;
import io.rancherd.tls.TlsClients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TLS files of {@code registries.configs} are machine paths, read under --root. */
class RegistryClientsTest {

  @TempDir Path tmp;

  private static Registries.HostConfig tls(String caFile) throws Exception {
    return Registries.from(
            Map.of("configs", Map.of("r.example", Map.of("tls", Map.of("ca_file", caFile)))))
        .config("r.example");
  }

  @Test
  void caFile_isReadUnderTheRoot() throws Exception {
    Path root = Files.createDirectory(tmp.resolve("root"));
    Files.createDirectories(root.resolve("etc/ssl"));
    Files.writeString(root.resolve("etc/ssl/ca.pem"), new TestPki("under-root").caPem());

    assertNotNull(
        RegistryClients.forHost(
            TlsClients.base(), new Root(root), "r.example", tls("/etc/ssl/ca.pem")));
  }

  @Test
  void caFile_onTheHostButNotUnderTheRoot_isNotUsed() throws Exception {
    Path root = Files.createDirectory(tmp.resolve("root"));
    Path host = tmp.resolve("host-ca.pem");
    Files.writeString(host, new TestPki("on-host").caPem());

    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () ->
                RegistryClients.forHost(
                    TlsClients.base(), new Root(root), "r.example", tls(host.toString())));
    assertTrue(e.getMessage().contains("registries.configs.\"r.example\".tls"), e.getMessage());
  }

  @Test
  void aRelativeCaFile_isRefusedWhenTheSettingsAreRead() {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> tls("ca.pem"));
    assertTrue(
        e.getMessage()
            .equals(
                "config key registries.configs.r.example.tls.ca_file: expected an absolute path,"
                    + " found \"ca.pem\""),
        e.getMessage());
  }
}
