package io.rancherd.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import io.rancherd.fs.Root;
import io.rancherd.plan.model.HttpGet;
import io.rancherd.plan.model.PlanProbe;
import io.rancherd.testing.TestPki;
import io.rancherd.wait.CheckResult;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Probes against real HTTPS servers on loopback with BouncyCastle-made certificates. */
class HttpProberIT {

  static final String TLS = "/var/lib/rancher/k3s/server/tls";

  @TempDir Path root;
  final TestPki pki = new TestPki("k3s-server-ca");
  HttpsServer apiserver;
  HttpServer kubelet;
  volatile int status = 200;

  @BeforeEach
  void start() throws Exception {
    apiserver = pki.httpsServer("kube-apiserver", true);
    apiserver.createContext(
        "/readyz",
        exchange -> {
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    apiserver.start();
    kubelet = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    kubelet.createContext(
        "/healthz",
        exchange -> {
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    kubelet.start();
    TestPki.write(root.resolve(TLS.substring(1) + "/server-ca.crt"), pki.ca().certificate());
    pki.client("system:apiserver")
        .writePem(
            root.resolve(TLS.substring(1) + "/client-kube-apiserver.crt"),
            root.resolve(TLS.substring(1) + "/client-kube-apiserver.key"));
  }

  @AfterEach
  void stop() {
    apiserver.stop(0);
    kubelet.stop(0);
  }

  String readyz() {
    return "https://127.0.0.1:" + apiserver.getAddress().getPort() + "/readyz";
  }

  static PlanProbe probe(HttpGet get) {
    return PlanProbe.standard("p", get);
  }

  @Test
  void apiserverProbe_withServerCaAndClientCertificateSucceeds() {
    CheckResult result =
        new HttpProber(new Root(root))
            .check(
                probe(
                    new HttpGet(
                        readyz(),
                        false,
                        TLS + "/client-kube-apiserver.crt",
                        TLS + "/client-kube-apiserver.key",
                        TLS + "/server-ca.crt")));

    assertEquals(new CheckResult(true, "200"), result);
  }

  @Test
  void apiserverProbe_reportsTheStatusWhileNotReady() {
    status = 503;

    CheckResult result =
        new HttpProber(new Root(root))
            .check(
                probe(
                    new HttpGet(
                        readyz(),
                        false,
                        TLS + "/client-kube-apiserver.crt",
                        TLS + "/client-kube-apiserver.key",
                        TLS + "/server-ca.crt")));

    assertEquals(new CheckResult(false, "503"), result);
  }

  @Test
  void apiserverProbe_withoutClientCertificateIsRefused() {
    CheckResult result =
        new HttpProber(new Root(root))
            .check(probe(new HttpGet(readyz(), false, null, null, TLS + "/server-ca.crt")));

    assertFalse(result.success(), result.detail());
  }

  @Test
  void apiserverProbe_withAnotherCaFailsTheHandshake() {
    TestPki.write(root.resolve("other-ca.crt"), new TestPki("another-ca").ca().certificate());

    CheckResult result =
        new HttpProber(new Root(root))
            .check(
                probe(
                    new HttpGet(
                        readyz(),
                        false,
                        TLS + "/client-kube-apiserver.crt",
                        TLS + "/client-kube-apiserver.key",
                        "/other-ca.crt")));

    assertFalse(result.success());
    assertTrue(result.detail().startsWith("TLS: "), result.detail());
  }

  @Test
  void apiserverProbe_beforeTheCertificatesExistSaysSo() {
    CheckResult result =
        new HttpProber(new Root(root))
            .check(
                probe(
                    new HttpGet(
                        readyz(),
                        false,
                        null,
                        null,
                        "/var/lib/rancher/rke2/server/tls/server-ca.crt")));

    assertEquals(
        new CheckResult(
            false,
            "CA certificate /var/lib/rancher/rke2/server/tls/server-ca.crt does not exist yet"),
        result);
  }

  @Test
  void insecureProbe_doesNotVerifyTheServer() {
    String url = "https://localhost:" + apiserver.getAddress().getPort() + "/readyz";
    TestPki.write(root.resolve("other-ca.crt"), new TestPki("another-ca").ca().certificate());

    CheckResult verified =
        new HttpProber(new Root(root))
            .check(
                probe(
                    new HttpGet(
                        url,
                        false,
                        TLS + "/client-kube-apiserver.crt",
                        TLS + "/client-kube-apiserver.key",
                        "/other-ca.crt")));
    CheckResult insecure = new HttpProber(new Root(root)).check(probe(HttpGet.insecure(url)));

    assertTrue(verified.detail().startsWith("TLS: "), verified.detail());
    assertFalse(
        insecure.detail().startsWith("TLS: PKIX"),
        "no certificate path check: " + insecure.detail());
  }

  @Test
  void plainHttpProbe_kubeletHealthz() {
    String url = "http://127.0.0.1:" + kubelet.getAddress().getPort() + "/healthz";

    assertEquals(
        new CheckResult(true, "200"),
        new HttpProber(new Root(root)).check(probe(HttpGet.plain(url))));
    kubelet.stop(0);
    assertFalse(
        new HttpProber(new Root(root)).check(probe(HttpGet.plain(url))).success(),
        "connection refused");
  }
}
