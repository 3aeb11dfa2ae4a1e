package io.rancherd.e2e;

import io.rancherd.testing.Commands;
import io.rancherd.testing.TestPki;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.images.builder.Transferable;

/**
 * A private registry on a scenario's network: Debian's distribution registry ({@code
 * docker-registry}, the host's binary mounted into a container of the node image) with TLS from a
 * CA of the test's own and htpasswd basic auth, reachable from the nodes as {@link #HOST}. The test
 * pushes to it from the host by the container's address (the certificate names both) with {@code
 * skopeo}, from images built locally. The password is random and registered with the bed's secrets,
 * so nothing the test prints shows it.
 */
final class PrivateRegistry implements AutoCloseable {

  /** The registry's name on the network (its certificate's DNS name) and port. */
  static final String ALIAS = "registry.e2e";

  static final int PORT = 5000;
  static final String HOST = ALIAS + ":" + PORT;
  static final String USER = "puller";

  private static final String BINARY = "/usr/bin/docker-registry";
  private static final String CONFIG_DIR = "/etc/e2e-registry";
  private static final Duration PUSH_LIMIT = Duration.ofMinutes(3);
  private static final Duration START_LIMIT = Duration.ofSeconds(30);

  private static final String CONFIG =
      """
      version: 0.1
      log:
        level: info
      storage:
        filesystem:
          rootdirectory: /var/lib/e2e-registry
      http:
        addr: 0.0.0.0:%d
        secret: e2e-registry-http-secret
        tls:
          certificate: %s/server.crt
          key: %s/server.key
      auth:
        htpasswd:
          realm: e2e
          path: %s/htpasswd
      """
          .formatted(PORT, CONFIG_DIR, CONFIG_DIR, CONFIG_DIR);

  private final GenericContainer<?> container;
  private final TestPki pki;
  private final String password;
  private final Path work;
  private final String address;

  private PrivateRegistry(
      GenericContainer<?> container, TestPki pki, String password, Path work, String address) {
    this.container = container;
    this.pki = pki;
    this.password = password;
    this.work = work;
    this.address = address;
  }

  /**
   * Starts the registry on {@code bed}'s network. The container waits for its configuration, which
   * is written once its address (a name in the certificate) is known.
   */
  static PrivateRegistry start(TestBed bed) {
    for (String tool : List.of(BINARY, "/usr/bin/skopeo", "/usr/bin/htpasswd")) {
      if (!Files.isExecutable(Path.of(tool))) {
        DockerEngine.unavailable(
            tool + " is missing (apt-get install docker-registry skopeo apache2-utils)");
      }
    }
    String password = bed.secrets().add(Secrets.randomHex(16));
    bed.secrets().add(basicAuth(password));
    GenericContainer<?> container =
        new GenericContainer<>(bed.image())
            .withNetwork(bed.network())
            .withNetworkAliases(ALIAS)
            .withFileSystemBind(BINARY, "/usr/local/bin/docker-registry", BindMode.READ_ONLY)
            .withCommand(
                "sh",
                "-c",
                "while [ ! -e "
                    + CONFIG_DIR
                    + "/ready ]; do sleep 0.2; done; exec docker-registry serve "
                    + CONFIG_DIR
                    + "/config.yml");
    container.start();
    boolean started = false;
    try {
      String address =
          container
              .getContainerInfo()
              .getNetworkSettings()
              .getNetworks()
              .values()
              .iterator()
              .next()
              .getIpAddress();
      TestPki pki = new TestPki("e2e-registry-ca");
      TestPki.Issued server = pki.server("registry", List.of(ALIAS), List.of(address));
      Path work = Files.createTempDirectory(Files.createDirectories(E2eFiles.work()), "registry-");
      server.writePem(work.resolve("server.crt"), work.resolve("server.key"));
      put(container, "config.yml", CONFIG);
      put(container, "server.crt", Files.readString(work.resolve("server.crt")));
      put(container, "server.key", Files.readString(work.resolve("server.key")));
      put(container, "htpasswd", htpasswd(password));
      put(container, "ready", "");
      PrivateRegistry registry = new PrivateRegistry(container, pki, password, work, address);
      registry.awaitListening();
      started = true;
      return registry;
    } catch (IOException e) {
      throw new UncheckedIOException("configuring the registry", e);
    } finally {
      if (!started) {
        container.stop();
      }
    }
  }

  /** The test CA's certificate, PEM: what the nodes get as {@code tls.ca_file}. */
  String caPem() {
    return pki.caPem();
  }

  /** The pull password (random; redacted in everything the test prints). */
  String password() {
    return password;
  }

  /** {@code base64(user:password)}: the form of {@code auth} in registries.yaml. */
  String basicAuth() {
    return basicAuth(password);
  }

  private static String basicAuth(String password) {
    return Base64.getEncoder()
        .encodeToString((USER + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Pushes the local Docker image {@code localImage} as {@code repository:tag} (e.g. {@code
   * rancher/system-agent-installer-k3s:v1.29.4-k3s1}), gzip layers, with the pull user's
   * credentials from an auth file (never on a command line).
   */
  void push(String localImage, String repositoryAndTag) {
    try {
      Path certs = Files.createDirectories(work.resolve("certs.d"));
      Files.writeString(certs.resolve("ca.crt"), pki.caPem());
      Path auth = work.resolve("auth.json");
      Files.writeString(
          auth,
          "{\"auths\":{\"" + address + ":" + PORT + "\":{\"auth\":\"" + basicAuth() + "\"}}}\n");
      Files.setPosixFilePermissions(auth, PosixFilePermissions.fromString("rw-------"));
      Commands.Output out =
          Commands.run(
              List.of(
                  "skopeo",
                  "--insecure-policy",
                  "copy",
                  "--quiet",
                  "--dest-authfile",
                  auth.toString(),
                  "--dest-cert-dir",
                  certs.toString(),
                  "--dest-compress-format",
                  "gzip",
                  "docker-daemon:" + localImage,
                  "docker://" + address + ":" + PORT + "/" + repositoryAndTag),
              null,
              Map.of(),
              PUSH_LIMIT);
      if (out.exitCode() != 0) {
        throw new IllegalStateException(
            "skopeo copy of "
                + localImage
                + " to the registry failed (exit "
                + out.exitCode()
                + "):\n"
                + out.stderr()
                + "\nregistry log:\n"
                + container.getLogs());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("pushing " + localImage, e);
    }
  }

  /** The registry's own log (requests, with the user names that pulled). */
  String log() {
    return container.getLogs();
  }

  private void awaitListening() {
    Await.until(
        "the registry listens on " + address + ":" + PORT,
        START_LIMIT,
        () -> {
          try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, PORT), 1000);
            return true;
          } catch (IOException e) {
            return false;
          }
        },
        container::getLogs);
  }

  private static void put(GenericContainer<?> container, String name, String content) {
    container.copyFileToContainer(Transferable.of(content, 0600), CONFIG_DIR + "/" + name);
  }

  /** A bcrypt htpasswd line (the registry accepts only bcrypt), the password given on stdin. */
  private static String htpasswd(String password) throws IOException {
    Process process = new ProcessBuilder("htpasswd", "-Bin", USER).start();
    process.getOutputStream().write((password + "\n").getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().close();
    String line = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (process.waitFor() != 0 || !line.startsWith(USER + ":$2")) {
        throw new IllegalStateException("htpasswd -Bin did not print a bcrypt entry");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for htpasswd", e);
    }
    return line.trim() + "\n";
  }

  @Override
  public void close() {
    container.stop();
    try {
      FileTrees.delete(work);
    } catch (IOException e) {
      System.err.println("could not remove " + work + ": " + e);
    }
  }
}
