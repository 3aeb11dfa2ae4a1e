package io.rancherd.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.rancherd.testing.TestPki;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's distribution registry on loopback with TLS from a test CA, and either htpasswd basic
 * auth or Bearer tokens from a small token server of the test's own (ES256 JWTs whose x5c chain is
 * the token CA the registry trusts). Images are pushed with skopeo.
 */
public final class TestRegistry implements AutoCloseable {

  public static final String USER = "puller";
  public static final String PASSWORD = "s3cret-Pa55";

  private final Path dir;
  private final TestPki pki;
  private final int port;
  private final Process process;
  private final HttpServer tokenServer;

  private TestRegistry(Path dir, TestPki pki, int port, Process process, HttpServer tokenServer) {
    this.dir = dir;
    this.pki = pki;
    this.port = port;
    this.process = process;
    this.tokenServer = tokenServer;
  }

  public static void requireTools() {
    for (String[] tool :
        new String[][] {
          {"docker-registry", "docker-registry"},
          {"skopeo", "skopeo"},
          {"htpasswd", "apache2-utils"}
        }) {
      boolean present =
          Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
              .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, tool[0])));
      if (!present) {
        String message = tool[0] + " is not installed (Debian package " + tool[1] + ")";
        if (Boolean.getBoolean("rancherd.requireTools")
            || "true".equals(System.getenv("RANCHERD_REQUIRE_TOOLS"))) {
          fail(message + " and the tools are required (RANCHERD_REQUIRE_TOOLS)");
        }
        Assumptions.abort(message + "; skipped (set RANCHERD_REQUIRE_TOOLS=true to fail instead)");
      }
    }
  }

  /** A registry with htpasswd auth ({@code bearer} false) or the token flow. */
  public static TestRegistry start(Path dir, boolean bearer) throws Exception {
    TestPki pki = new TestPki("registry-test-ca");
    pki.server("registry").writePem(dir.resolve("server.crt"), dir.resolve("server.key"));
    Files.writeString(dir.resolve("ca.crt"), pki.caPem());
    int port = freePort();
    HttpServer tokenServer = null;
    String auth;
    if (bearer) {
      TestPki tokenCa = new TestPki("token-signer");
      Files.writeString(dir.resolve("token.crt"), tokenCa.caPem());
      tokenServer = tokenServer(tokenCa);
      auth =
          "  token:\n    realm: http://127.0.0.1:"
              + tokenServer.getAddress().getPort()
              + "/token\n    service: test-registry\n    issuer: test-issuer\n"
              + "    rootcertbundle: "
              + dir.resolve("token.crt")
              + "\n";
    } else {
      Process h = new ProcessBuilder("htpasswd", "-Bbn", USER, PASSWORD).start();
      String entry = new String(h.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      assertEquals(0, h.waitFor());
      Files.writeString(dir.resolve("htpasswd"), entry + "\n");
      auth = "  htpasswd:\n    realm: test\n    path: " + dir.resolve("htpasswd") + "\n";
    }
    Path config = dir.resolve("config.yml");
    Files.writeString(
        config,
        "version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: "
            + dir.resolve("storage")
            + "\nhttp:\n  addr: 127.0.0.1:"
            + port
            + "\n  secret: test-secret\n  tls:\n    certificate: "
            + dir.resolve("server.crt")
            + "\n    key: "
            + dir.resolve("server.key")
            + "\nauth:\n"
            + auth);
    Process process =
        new ProcessBuilder("docker-registry", "serve", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("registry.log").toFile())
            .start();
    TestRegistry registry = new TestRegistry(dir, pki, port, process, tokenServer);
    registry.awaitListening();
    return registry;
  }

  public String host() {
    return "127.0.0.1:" + port;
  }

  public Path caFile() {
    return dir.resolve("ca.crt");
  }

  /** Pushes the layout's {@code tag} as {@code name:tag} (all platforms). */
  /**
   * Writes the runtime's {@code registries.yaml} under {@code root} ({@code etc/rancher/<runtime>})
   * with this registry as the one endpoint of a mirror of {@code upstream}, basic auth with {@code
   * password}, and this registry's CA copied to {@code /etc/ssl/registry-ca.pem} under the root.
   */
  public void writeMirrorConfig(Path root, String runtime, String upstream, String password)
      throws IOException {
    Path registries = root.resolve("etc/rancher/" + runtime + "/registries.yaml");
    Files.createDirectories(registries.getParent());
    Path ca = root.resolve("etc/ssl/registry-ca.pem");
    Files.createDirectories(ca.getParent());
    Files.copy(caFile(), ca, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.writeString(
        registries,
        "mirrors:\n  \""
            + upstream
            + "\":\n    endpoint: [\"https://"
            + host()
            + "\"]\nconfigs:\n  \""
            + host()
            + "\":\n    auth: {username: "
            + USER
            + ", password: "
            + password
            + "}\n    tls: {ca_file: /etc/ssl/registry-ca.pem}\n");
  }

  public void push(OciLayout layout, String tag, String name) throws Exception {
    Path certDir = dir.resolve("certs.d");
    Files.createDirectories(certDir);
    Files.copy(
        caFile(), certDir.resolve("ca.crt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Process p =
        new ProcessBuilder(
                "skopeo",
                "--insecure-policy",
                "copy",
                "--all",
                "--quiet",
                "--dest-creds",
                USER + ":" + PASSWORD,
                "--dest-cert-dir",
                certDir.toString(),
                "oci:" + layout.dir() + ":" + tag,
                "docker://" + host() + "/" + name + ":" + tag)
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      fail("skopeo copy failed: " + out);
    }
  }

  /** The stored data file of {@code digest}, as the registry serves it. */
  Path blobFile(String digest) {
    String hex = digest.substring(7);
    return dir.resolve(
        "storage/docker/registry/v2/blobs/sha256/" + hex.substring(0, 2) + "/" + hex + "/data");
  }

  private void awaitListening() throws Exception {
    for (int i = 0; i < 100; i++) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        s.setSoLinger(false, 0);
        return;
      } catch (IOException e) {
        if (!process.isAlive()) {
          fail("docker-registry exited: " + Files.readString(dir.resolve("registry.log")));
        }
        Thread.sleep(100);
      }
    }
    fail("docker-registry does not listen on " + port);
  }

  private static HttpServer tokenServer(TestPki signer) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    String expected =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    server.createContext(
        "/token",
        exchange -> {
          byte[] body;
          int code;
          if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            code = 401;
            body = "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}".getBytes(StandardCharsets.UTF_8);
          } else {
            String jwt = jwt(signer, scopes(exchange.getRequestURI().getRawQuery()));
            code = 200;
            body =
                ("{\"token\":\"" + jwt + "\",\"expires_in\":300}").getBytes(StandardCharsets.UTF_8);
          }
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(code, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    return server;
  }

  private static List<Map<String, Object>> scopes(String query) {
    List<Map<String, Object>> access = new ArrayList<>();
    for (String pair : query == null ? new String[0] : query.split("&")) {
      if (!pair.startsWith("scope=")) {
        continue;
      }
      String[] parts = URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8).split(":");
      if (parts.length == 3) {
        access.add(
            Map.of("type", parts[0], "name", parts[1], "actions", List.of(parts[2].split(","))));
      }
    }
    return access;
  }

  private static String jwt(TestPki signer, List<Map<String, Object>> access) {
    try {
      ObjectMapper json = new ObjectMapper();
      Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
      Map<String, Object> header = new LinkedHashMap<>();
      header.put("typ", "JWT");
      header.put("alg", "ES256");
      header.put(
          "x5c",
          List.of(Base64.getEncoder().encodeToString(signer.ca().certificate().getEncoded())));
      long now = System.currentTimeMillis() / 1000;
      Map<String, Object> claims = new LinkedHashMap<>();
      claims.put("iss", "test-issuer");
      claims.put("sub", USER);
      claims.put("aud", "test-registry");
      claims.put("exp", now + 300);
      claims.put("nbf", now - 60);
      claims.put("iat", now);
      claims.put("jti", Long.toHexString(System.nanoTime()));
      claims.put("access", access);
      String signingInput =
          b64.encodeToString(json.writeValueAsBytes(header))
              + "."
              + b64.encodeToString(json.writeValueAsBytes(claims));
      Signature signature = Signature.getInstance("SHA256withECDSAinP1363Format");
      signature.initSign(signer.ca().keys().getPrivate());
      signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + b64.encodeToString(signature.sign());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (tokenServer != null) {
      tokenServer.stop(0);
    }
  }
}
