package io.rancherd.join;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rancherd.testing.TestPki;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CaBundleTest {

  @Test
  void oneCertificateHashesTheExactBytesServed() {
    byte[] body =
        "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
            .getBytes(StandardCharsets.UTF_8);
    assertEquals(
        "8010bfcee1842b2a4ce8f67c3e9455f0188f7a15bf39ec61a26feb75cd785821",
        CaBundle.of(body).hash());

    TestPki pki = new TestPki("k3s-server-ca");
    byte[] pem = pki.caPem().getBytes(StandardCharsets.UTF_8);
    assertEquals(CaBundle.sha256(pem), CaBundle.of(pem).hash());
    assertEquals(List.of(pki.ca().certificate()), CaBundle.of(pem).anchors());
  }

  @Test
  void aChainHashesTheDerOfItsRootAndAcceptsTheOlderWholeBundleHash() throws Exception {
    TestPki root = new TestPki("custom-root");
    TestPki intermediate = root.intermediate("custom-intermediate");
    byte[] bundle = (intermediate.caPem() + root.caPem()).getBytes(StandardCharsets.UTF_8);

    CaBundle ca = CaBundle.of(bundle);

    String rootHash = CaBundle.sha256(root.ca().certificate().getEncoded());
    assertEquals(rootHash, ca.hash());
    assertTrue(ca.matches(rootHash));
    assertTrue(ca.matches(CaBundle.sha256(bundle)), "older k3s hashed the whole bundle");
    assertFalse(ca.matches(CaBundle.sha256(intermediate.ca().certificate().getEncoded())));
    assertEquals(List.of(intermediate.ca().certificate(), root.ca().certificate()), ca.anchors());
  }

  @Test
  void aCertificateAppendedToTheBundleIsNotTrusted() {
    TestPki root = new TestPki("custom-root");
    TestPki intermediate = root.intermediate("custom-intermediate");
    TestPki stranger = new TestPki("someone-else");
    byte[] bundle =
        (intermediate.caPem() + root.caPem() + stranger.caPem()).getBytes(StandardCharsets.UTF_8);

    assertEquals(
        List.of(intermediate.ca().certificate(), root.ca().certificate()),
        CaBundle.of(bundle).anchors());
  }
}
