package io.rancherd.standin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code k3s server} / {@code rke2 server}: the data directory with TLS files and tokens, the admin
 * kubeconfig, and the listeners (runtimes.md §3, §4, §5, §8).
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

  /** Prepares the files and starts listening; the returned listeners run until closed. */
  AutoCloseable start() throws IOException {
    Path dataDir = root.resolve(program.dataDir());
    Path serverDir = dataDir.resolve("server");
    ServerCerts certs = ServerCerts.loadOrCreate(program, serverDir.resolve("tls"), config.list("tls-san"));
    byte[] caBytes = certs.serverCaBytes();
    String password = password(serverDir.resolve("token"));
    writeTokens(serverDir, caBytes, password);
    Path kubeconfig = root.resolve(config.string("write-kubeconfig").orElse(program.kubeconfig()));
    Kubeconfig.write(kubeconfig, Kubeconfig.mode(config.string("write-kubeconfig-mode").orElse(null)), caBytes,
        certs.admin());
    Path manifests = Files.createDirectories(serverDir.resolve("manifests"));
    importImages(dataDir.resolve("agent/images"));

    ChartWatcher charts = new ChartWatcher(manifests);
    Listeners listeners = new Listeners();
    try {
      ClusterState cluster = new ClusterState(program, version, nodeName(config), nodeLabels(),
          password, Instant.now(), new Holds(root), charts);
      listen(listeners, certs, caBytes, cluster);
      charts.start();
    } catch (IOException | RuntimeException e) {
      listeners.close();
      charts.close();
      throw e;
    }
    Log.info(program.id() + " is up and running");
    return () -> {
      charts.close();
      listeners.close();
    };
  }

  private void listen(Listeners listeners, ServerCerts certs, byte[] caBytes, ClusterState cluster) throws IOException {
    var apiContext = TlsContexts.server(certs.serving(), certs.clientCa().certificate(), certs.serverCa().certificate());
    ApiHandler api = new ApiHandler(cluster);
    SupervisorHandler supervisor = new SupervisorHandler(cluster, caBytes, api);
    if (program.separateSupervisor()) {
      listeners.https(program.id() + " supervisor", program.supervisorPort(), apiContext, true, supervisor);
      listeners.https("kube-apiserver", Program.API_PORT, apiContext, true, api);
    } else {
      listeners.https(program.id() + " server", Program.API_PORT, apiContext, true, supervisor);
    }
    listeners.http("kubelet", Program.KUBELET_PORT, Listeners.healthz());
    listeners.https("kube-controller-manager", Program.CONTROLLER_MANAGER_PORT,
        TlsContexts.server(Pki.selfSignedServer("kube-controller-manager"), null), false, Listeners.healthz());
    listeners.https("kube-scheduler", Program.SCHEDULER_PORT,
        TlsContexts.server(Pki.selfSignedServer("kube-scheduler"), null), false, Listeners.healthz());
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

  private Map<String, String> nodeLabels() {
    Map<String, String> labels = new LinkedHashMap<>();
    String name = nodeName(config);
    labels.put("kubernetes.io/arch", StandInArtifacts.arch());
    labels.put("kubernetes.io/hostname", name);
    labels.put("kubernetes.io/os", "linux");
    labels.put("node-role.kubernetes.io/control-plane", "true");
    if (program == Program.RKE2 || config.bool("cluster-init")) {
      labels.put("node-role.kubernetes.io/etcd", "true");
    }
    labels.put("node-role.kubernetes.io/master", "true");
    for (String label : config.list("node-label")) {
      int eq = label.indexOf('=');
      labels.put(eq < 0 ? label : label.substring(0, eq), eq < 0 ? "" : label.substring(eq + 1));
    }
    return labels;
  }

  /** {@code node-name}, else the lower-cased host name, as k3s does. */
  static String nodeName(RuntimeConfig config) {
    return config.string("node-name").orElseGet(() -> hostname().toLowerCase(java.util.Locale.ROOT));
  }

  static String hostname() {
    try {
      String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
      if (!name.isEmpty()) {
        return name;
      }
    } catch (IOException e) {
      // fall through to the resolver
    }
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      throw new UncheckedIOException(e);
    }
  }
}
