package io.rancherd.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rancherd.fs.Root;
import io.rancherd.testing.TestPki;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Objects;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeconfigTest {

  static final String K3S_YAML = "/etc/rancher/k3s/k3s.yaml";
  static final String TOKEN = "K10abc::server:do-not-print-me";

  @TempDir Path dir;
  Root root;
  final TestPki pki = new TestPki("k3s-server-ca");
  final TestPki.Issued admin = pki.client("system:admin");
  String caData;
  String certData;
  String keyData;

  @BeforeEach
  void pem() throws IOException {
    root = new Root(dir);
    TestPki.write(dir.resolve("pem/ca.crt"), pki.ca().certificate());
    admin.writePem(dir.resolve("pem/admin.crt"), dir.resolve("pem/admin.key"));
    caData = base64(dir.resolve("pem/ca.crt"));
    certData = base64(dir.resolve("pem/admin.crt"));
    keyData = base64(dir.resolve("pem/admin.key"));
  }

  static String base64(Path file) throws IOException {
    return Base64.getEncoder().encodeToString(Files.readAllBytes(file));
  }

  static Path fixture(String name) throws URISyntaxException {
    return Path.of(
        Objects.requireNonNull(KubeconfigTest.class.getResource("/tls/" + name)).toURI());
  }

  /** A kubeconfig as k3s writes it, with the cluster and user bodies given. */
  static String kubeconfig(String cluster, String user) {
    return "apiVersion: v1\n"
        + "clusters:\n- cluster:\n"
        + indent(cluster)
        + "  name: default\n"
        + "contexts:\n- context:\n    cluster: default\n    user: default\n  name: default\n"
        + "current-context: default\nkind: Config\npreferences: {}\n"
        + "users:\n- name: default\n  user:\n"
        + indent(user);
  }

  static String indent(String lines) {
    return lines.lines().map(l -> "    " + l + "\n").reduce("", String::concat);
  }

  String inlineCluster() {
    return "certificate-authority-data: " + caData + "\nserver: https://127.0.0.1:6443";
  }

  Kubeconfig load(String text) throws KubeconfigException {
    write(K3S_YAML, text);
    return Kubeconfig.load(root, K3S_YAML);
  }

  void write(String machinePath, String text) {
    try {
      Path file = root.path(machinePath);
      Files.createDirectories(file.getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  String failure(String text) {
    return assertThrows(KubeconfigException.class, () -> load(text)).getMessage();
  }

  @Test
  void load_inlineDataAsK3sWritesIt() throws Exception {
    Kubeconfig kubeconfig =
        load(
            kubeconfig(
                inlineCluster(),
                "client-certificate-data: " + certData + "\nclient-key-data: " + keyData));

    assertEquals("https://127.0.0.1:6443", kubeconfig.server());
    assertEquals(pki.ca().certificate(), kubeconfig.certificateAuthorities().get(0));
    assertEquals(admin.certificate(), kubeconfig.clientCertificates().get(0));
    assertEquals(admin.keys().getPrivate(), kubeconfig.clientKey().orElseThrow(), "PKCS#8 key");
    assertFalse(kubeconfig.insecureSkipTlsVerify());
    assertTrue(kubeconfig.token().isEmpty());
    assertEquals(K3S_YAML, kubeconfig.file());
  }

  @Test
  void load_ecSec1AndRsaPkcs1KeysInline() throws Exception {
    String ecCert = base64(fixture("sec1-ec.crt"));

    Kubeconfig ec =
        load(
            kubeconfig(
                inlineCluster(),
                "client-certificate-data: "
                    + ecCert
                    + "\nclient-key-data: "
                    + base64(fixture("sec1-ec.key"))));
    Kubeconfig rsa =
        load(
            kubeconfig(
                inlineCluster(),
                "client-certificate-data: "
                    + ecCert
                    + "\nclient-key-data: "
                    + base64(fixture("pkcs1-rsa.key"))));

    assertEquals("EC", ec.clientKey().orElseThrow().getAlgorithm());
    assertEquals("RSA", rsa.clientKey().orElseThrow().getAlgorithm());
  }

  @Test
  void load_fileReferencesRelativeToTheKubeconfigAndAbsoluteUnderTheRoot() throws Exception {
    Files.createDirectories(root.path("/etc/rancher/k3s/certs"));
    Files.copy(dir.resolve("pem/admin.crt"), root.path("/etc/rancher/k3s/certs/admin.crt"));
    Files.copy(dir.resolve("pem/admin.key"), root.path("/etc/rancher/k3s/admin.key"));
    Files.createDirectories(root.path("/var/lib/rancher/k3s/server/tls"));
    Files.copy(
        dir.resolve("pem/ca.crt"), root.path("/var/lib/rancher/k3s/server/tls/server-ca.crt"));

    Kubeconfig kubeconfig =
        load(
            kubeconfig(
                "certificate-authority: /var/lib/rancher/k3s/server/tls/server-ca.crt\nserver: https://127.0.0.1:6443/",
                "client-certificate: certs/admin.crt\nclient-key: admin.key"));

    assertEquals("https://127.0.0.1:6443", kubeconfig.server(), "trailing slash dropped");
    assertEquals(pki.ca().certificate(), kubeconfig.certificateAuthorities().get(0));
    assertEquals(admin.certificate(), kubeconfig.clientCertificates().get(0));
    assertEquals(admin.keys().getPrivate(), kubeconfig.clientKey().orElseThrow());
  }

  @Test
  void load_tokenUserIsNeverShown() throws Exception {
    Kubeconfig kubeconfig =
        load(kubeconfig(inlineCluster() + "\ninsecure-skip-tls-verify: false", "token: " + TOKEN));

    assertEquals(TOKEN, kubeconfig.token().orElseThrow());
    assertTrue(kubeconfig.clientCertificates().isEmpty());
    assertEquals(
        "Kubeconfig[/etc/rancher/k3s/k3s.yaml, server https://127.0.0.1:6443, bearer token]",
        kubeconfig.toString());
  }

  @Test
  void load_insecureSkipTlsVerifyIsRead() throws Exception {
    Kubeconfig kubeconfig =
        load(
            kubeconfig(
                "server: https://10.0.0.1:6443\ninsecure-skip-tls-verify: true",
                "token: " + TOKEN));

    assertTrue(kubeconfig.insecureSkipTlsVerify());
    assertTrue(kubeconfig.certificateAuthorities().isEmpty());
  }

  @Test
  void load_missingFileSaysTheRuntimeWritesIt() {
    KubeconfigException e =
        assertThrows(
            KubeconfigException.class, () -> Kubeconfig.load(root, "/etc/rancher/rke2/rke2.yaml"));

    assertEquals(
        "/etc/rancher/rke2/rke2.yaml: does not exist (yet); the runtime writes it once its API server has started",
        e.getMessage());
  }

  @Test
  void load_namesTheMissingPiece() {
    String user = "token: " + TOKEN;
    assertEquals(
        K3S_YAML + ": context default names cluster x, which is not defined",
        failure(
            kubeconfig(inlineCluster(), user).replace("    cluster: default", "    cluster: x")));
    assertEquals(
        K3S_YAML + ": context default names user admin, which is not defined",
        failure(kubeconfig(inlineCluster(), user).replace("    user: default", "    user: admin")));
    assertEquals(
        K3S_YAML + ": current-context names context other, which is not defined",
        failure(
            kubeconfig(inlineCluster(), user)
                .replace("current-context: default", "current-context: other")));
    assertEquals(
        K3S_YAML + ": current-context is not set",
        failure(
            kubeconfig(inlineCluster(), user)
                .replace("current-context: default", "current-context: ''")));
    assertEquals(
        K3S_YAML + ": cluster default has no server",
        failure(kubeconfig("certificate-authority-data: " + caData, user)));
    assertEquals(
        K3S_YAML + ": cluster default: server http://127.0.0.1:8080 is not an https:// URL",
        failure(kubeconfig("server: http://127.0.0.1:8080", user)));
    assertEquals(
        K3S_YAML + ": user default has a client certificate but no client-key(-data)",
        failure(kubeconfig(inlineCluster(), "client-certificate-data: " + certData)));
    assertEquals(
        K3S_YAML + ": user default has neither a client certificate and key nor a token",
        failure(kubeconfig(inlineCluster(), "username: admin")));
    assertEquals(
        K3S_YAML + ": user default: client-key certs/missing.key does not exist",
        failure(
            kubeconfig(
                inlineCluster(),
                "client-certificate-data: " + certData + "\nclient-key: certs/missing.key")));
    assertEquals(
        K3S_YAML + ": is not a kubeconfig (expected a mapping with clusters, contexts and users)",
        failure("just text"));
  }

  @Test
  void load_badKeyOrYamlNeverQuotesTheSecret() {
    String notAKey =
        Base64.getEncoder()
            .encodeToString(
                "-----BEGIN PRIVATE KEY-----\nc2VjcmV0\n-----END PRIVATE KEY-----\n"
                    .getBytes(StandardCharsets.US_ASCII));

    String badKey =
        failure(
            kubeconfig(
                inlineCluster(),
                "client-certificate-data: " + certData + "\nclient-key-data: " + notAKey));
    String badBase64 =
        failure(
            kubeconfig(
                inlineCluster(),
                "client-certificate-data: " + certData + "\nclient-key-data: '%%secret%%'"));
    String badYaml = failure(kubeconfig(inlineCluster(), "token: \"" + TOKEN));

    assertEquals(
        K3S_YAML
            + ": user default client-key holds no PEM private key (EC, RSA PKCS#1 or PKCS#8) that can be read",
        badKey);
    assertEquals(K3S_YAML + ": user default: client-key-data is not valid base64", badBase64);
    assertTrue(badYaml.startsWith(K3S_YAML + ": is not valid YAML"), badYaml);
    for (String message : new String[] {badKey, badBase64, badYaml}) {
      assertFalse(
          message.contains("c2VjcmV0")
              || message.contains("secret")
              || message.contains("do-not-print-me"),
          message);
    }
  }
}
