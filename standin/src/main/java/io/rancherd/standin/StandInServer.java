package io.rancherd.standin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code k3s server} / {@code rke2 server}: the data directory with TLS files and tokens, the admin
 * kubeconfig, and the listeners (runtimes.md §3, §4, §5, §8). With {@code server} set it first
 * joins that cluster ({@link ServerJoin}); nodes that join it are kept in its {@link NodeRegistry}.
 */
final class StandInServer {

  private final Program program;
  private final MachineRoot root;
  private final RuntimeConfig config;
  private final String version;

  StandInServer(Program program, MachineRoot root, RuntimeConfig config, String version) {
    this.program = program;
    this.root = root;
    this.config = config;
    this.version = version;
  }

  /**
   * Joins the configured {@code server} if any, prepares the files and starts listening; the
   * returned listeners run until closed.
   */
  AutoCloseable start() throws IOException, FatalException, InterruptedException {
    if (program == Program.K3S
        && config.bool("disable-etcd")
        && config.string("server").isEmpty()) {
      // k3s refuses a server without etcd that joins nobody (docs.k3s.io "Managing Server Roles")
      throw new FatalException(
          program.id()
              + ": disable-etcd needs server (a server without etcd joins one that has it)");
    }
    Path dataDir = root.resolve(program.dataDir());
    Path serverDir = dataDir.resolve("server");
    NodeIdentity self = NodeIdentity.of(program, root, config, true);
    if (config.string("server").isPresent()) {
      ServerJoin.bootstrap(program, root, config, self, serverDir.resolve("tls"));
    }
    ServerCerts certs = ServerCerts.loadOrCreate(program, serverDir.resolve("tls"), servingSans());
    byte[] caBytes = certs.serverCaBytes();
    String password = password(serverDir.resolve("token"));
    writeTokens(serverDir, caBytes, password);
    Path kubeconfig = root.resolve(config.string("write-kubeconfig").orElse(program.kubeconfig()));
    Kubeconfig.write(
        kubeconfig,
        Kubeconfig.mode(config.string("write-kubeconfig-mode").orElse(null)),
        Listeners.kubeconfigHost(),
        caBytes,
        certs.admin());
    Path manifests = Files.createDirectories(serverDir.resolve("manifests"));
    importImages(dataDir.resolve("agent/images"));

    PlanWatcher plans = new PlanWatcher();
    ChartWatcher charts = new ChartWatcher(manifests, plans);
    Listeners listeners = new Listeners();
    RancherHttp rancher;
    try {
      ClusterState cluster =
          new ClusterState(
              program,
              version,
              self.info(),
              password,
              Instant.now(),
              new Holds(root),
              charts,
              plans,
              NodeRegistry.open(root, self));
      RancherStore rancherObjects =
          new RancherStore(
              cluster::rancherAvailable,
              () -> charts.chart().map(ChartWatcher.Chart::values).orElse(Map.of()));
      listen(listeners, certs, caBytes, cluster, rancherObjects);
      charts.start();
      rancher = new RancherHttp(charts, cluster::rancherAvailable, rancherObjects, listeners);
      rancher.start();
    } catch (IOException | RuntimeException e) {
      listeners.close();
      charts.close();
      throw e;
    }
    Log.info(program.id() + " is up and running");
    RancherHttp rancherHttp = rancher;
    return () -> {
      rancherHttp.close();
      charts.close();
      listeners.close();
    };
  }

  /**
   * {@code tls-san} plus the listening address, as k3s puts its node IP in the serving certificate.
   */
  private List<String> servingSans() {
    List<String> sans = new ArrayList<>(config.list("tls-san"));
    sans.add(Listeners.advertisedAddress());
    return sans;
  }

  private void listen(
      Listeners listeners,
      ServerCerts certs,
      byte[] caBytes,
      ClusterState cluster,
      RancherStore rancherObjects)
      throws IOException {
    var apiContext =
        TlsContexts.server(
            certs.serving(), certs.clientCa().certificate(), certs.serverCa().certificate());
    ApiHandler api = new ApiHandler(cluster, rancherObjects);
    SupervisorHandler supervisor =
        new SupervisorHandler(cluster, caBytes, new RegistrationHandler(cluster, certs), api);
    if (program.separateSupervisor()) {
      listeners.https(
          program.id() + " supervisor", program.supervisorPort(), apiContext, true, supervisor);
      if (!config.bool("disable-apiserver")) {
        listeners.https("kube-apiserver", Program.API_PORT, apiContext, true, api);
      }
    } else {
      listeners.https(program.id() + " server", Program.API_PORT, apiContext, true, supervisor);
    }
    listeners.http("kubelet", Program.KUBELET_PORT, Listeners.healthz());
    if (!config.bool("disable-controller-manager")) {
      listeners.https(
          "kube-controller-manager",
          Program.CONTROLLER_MANAGER_PORT,
          TlsContexts.server(Pki.selfSignedServer("kube-controller-manager"), null),
          false,
          Listeners.healthz());
    }
    if (!config.bool("disable-scheduler")) {
      listeners.https(
          "kube-scheduler",
          Program.SCHEDULER_PORT,
          TlsContexts.server(Pki.selfSignedServer("kube-scheduler"), null),
          false,
          Listeners.healthz());
    }
  }

  /**
   * The server password: from the configured token (a short token is the password; a secure token
   * carries it after {@code ::server:}), else from an existing token file, else random.
   */
  private String password(Path tokenFile) {
    var configured = config.token(root);
    if (configured.isPresent()) {
      return Token.parse(configured.get()).password();
    }
    if (Files.isRegularFile(tokenFile)) {
      return Token.parse(SecureFiles.read(tokenFile)).password();
    }
    return Token.randomPassword();
  }

  private static void writeTokens(Path serverDir, byte[] caBytes, String password) {
    Path token = serverDir.resolve("token");
    SecureFiles.write(token, Token.serverToken(caBytes, password) + "\n", SecureFiles.PRIVATE);
    SecureFiles.symlinkIfAbsent(serverDir.resolve("node-token"), token);
    SecureFiles.symlinkIfAbsent(serverDir.resolve("agent-token"), token);
    Log.info("wrote token file " + token);
  }

  private static void importImages(Path imagesDir) {
    if (!Files.isDirectory(imagesDir)) {
      return;
    }
    try (Stream<Path> files = Files.list(imagesDir)) {
      files.filter(Files::isRegularFile).sorted().forEach(file -> Log.info("importing " + file));
    } catch (IOException e) {
      throw new UncheckedIOException("listing " + imagesDir, e);
    }
  }
}
