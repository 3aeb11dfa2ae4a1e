package io.rancherd.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rancherd.testing.TestPki;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys in the forms the runtimes and openssl write them. Fixtures were made with openssl. */
class PemTest {

  static Path fixture(String name) throws URISyntaxException {
    return Path.of(Objects.requireNonNull(PemTest.class.getResource("/tls/" + name)).toURI());
  }

  @Test
  void privateKey_readsSec1EcKeyWithNamedCurve() throws Exception {
    assertTrue(
        Files.readString(fixture("sec1-ec.key")).startsWith("-----BEGIN EC PRIVATE KEY-----"));

    assertEquals("EC", Pem.privateKey(fixture("sec1-ec.key")).getAlgorithm());
  }

  @Test
  void privateKey_readsPkcs1RsaKey() throws Exception {
    assertTrue(
        Files.readString(fixture("pkcs1-rsa.key")).startsWith("-----BEGIN RSA PRIVATE KEY-----"));

    assertEquals("RSA", Pem.privateKey(fixture("pkcs1-rsa.key")).getAlgorithm());
  }

  @Test
  void privateKey_readsPkcs8Key(@TempDir Path tmp) throws Exception {
    TestPki.Issued issued = new TestPki("ca").client("admin");
    issued.writePem(tmp.resolve("c.crt"), tmp.resolve("c.key"));

    assertEquals(issued.keys().getPrivate(), Pem.privateKey(tmp.resolve("c.key")));
    assertEquals(issued.certificate(), Pem.certificates(tmp.resolve("c.crt")).get(0));
  }

  @Test
  void certificates_readsTheOpensslFixture() throws Exception {
    assertEquals(
        "CN=fixture",
        Pem.certificates(fixture("sec1-ec.crt")).get(0).getSubjectX500Principal().getName());
  }

  @Test
  void privateKey_fileWithoutKeyIsAClearError() throws Exception {
    IOException e = assertThrows(IOException.class, () -> Pem.privateKey(fixture("sec1-ec.crt")));

    assertTrue(e.getMessage().startsWith("no private key in "), e.getMessage());
  }
}
