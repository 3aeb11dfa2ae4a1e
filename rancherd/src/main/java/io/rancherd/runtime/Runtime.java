package io.rancherd.runtime;

import io.rancherd.error.InvalidInputException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The Kubernetes distributions rancherd installs, with every fact that differs between them: ports,
 * units, paths, the install script and its variables, the air-gap layout, the release channels
 * (docs/runtimes.md: units and install variables §1.1 and §1.2, ports §4.1, paths §5, channels
 * §7.1). Code elsewhere asks the runtime instead of branching on it, so adding a runtime, or a
 * fact, is a change to this file.
 */
public enum Runtime {
  K3S(
      "k3s",
      6443,
      "k3s",
      "k3s-agent",
      "https://get.k3s.io",
      "https://update.k3s.io/v1-release/channels/",
      "v1.30.2+k3s1",
      List.of("/usr/local/bin/k3s", "/opt/bin/k3s")) {

    @Override
    public Map<String, String> installTypeVariables(boolean server) {
      // rancherd starts the service itself: the script's own start waits for k3s without a word or
      // a limit.
      return variables("EXEC", type(server), "SKIP_START", "true");
    }

    @Override
    public boolean needsClusterInitKey() {
      return true;
    }

    @Override
    public boolean agentAccepts(String key) {
      return K3sAgentFlags.NAMES.contains(
          key.endsWith("+") ? key.substring(0, key.length() - 1) : key);
    }

    @Override
    public AirgapLayout airgap(String arch) {
      return new AirgapLayout(
          List.of("install.sh", "k3s"), "k3s-airgap-images-" + arch + ".tar*", Optional.of("k3s"));
    }

    @Override
    public Map<String, String> airgapVariables(String artifactsDir) {
      return variables("SKIP_DOWNLOAD", "true");
    }

    @Override
    public Map<String, String> installDirectoryVariables(UnaryOperator<String> underRoot) {
      return variables(
          "BIN_DIR",
          underRoot.apply("/usr/local/bin"),
          "SYSTEMD_DIR",
          underRoot.apply("/etc/systemd/system"));
    }
  },

  RKE2(
      "rke2",
      9345,
      "rke2-server",
      "rke2-agent",
      "https://get.rke2.io",
      "https://update.rke2.io/v1-release/channels/",
      "v1.30.2+rke2r1",
      List.of("/usr/local/bin/rke2", "/opt/rke2/bin/rke2", "/usr/bin/rke2")) {

    @Override
    public Map<String, String> installTypeVariables(boolean server) {
      return variables("TYPE", type(server));
    }

    @Override
    public Optional<String> proxyEnvFile(boolean server) {
      return Optional.of("/etc/default/" + unit(server));
    }

    @Override
    public AirgapLayout airgap(String arch) {
      return new AirgapLayout(
          List.of("install.sh", "rke2.linux-" + arch + ".tar.gz", "sha256sum-" + arch + ".txt"),
          "rke2-images*.linux-" + arch + ".tar*",
          Optional.empty());
    }

    @Override
    public Map<String, String> airgapVariables(String artifactsDir) {
      return variables("ARTIFACT_PATH", artifactsDir);
    }

    @Override
    public Map<String, String> installDirectoryVariables(UnaryOperator<String> underRoot) {
      return variables(
          "TAR_PREFIX",
          underRoot.apply("/usr/local"),
          "AGENT_IMAGES_DIR",
          underRoot.apply(imagesDir()));
    }
  };

  /** The runtime of a {@code kubernetesVersion} that names none ({@code stable}, {@code v1.30}). */
  public static final Runtime DEFAULT = K3S;

  private final String id;
  private final int supervisorPort;
  private final String serverUnit;
  private final String agentUnit;
  private final String installScriptUrl;
  private final String channelServer;
  private final String exampleVersion;
  private final List<String> binaries;

  Runtime(
      String id,
      int supervisorPort,
      String serverUnit,
      String agentUnit,
      String installScriptUrl,
      String channelServer,
      String exampleVersion,
      List<String> binaries) {
    this.id = id;
    this.supervisorPort = supervisorPort;
    this.serverUnit = serverUnit;
    this.agentUnit = agentUnit;
    this.installScriptUrl = installScriptUrl;
    this.channelServer = channelServer;
    this.exampleVersion = exampleVersion;
    this.binaries = binaries;
  }

  /** The runtime a Kubernetes version (exact or channel) names, else {@link #DEFAULT}. */
  public static Runtime forVersion(String kubernetesVersion) {
    String version = kubernetesVersion == null ? "" : kubernetesVersion.toLowerCase(Locale.ROOT);
    return Arrays.stream(values())
        .filter(r -> r != DEFAULT && version.contains(r.id))
        .findFirst()
        .orElse(DEFAULT);
  }

  /** The runtime whose {@code :<id>} ends a {@code kubernetesVersion} ({@code stable:rke2}). */
  public static Optional<Runtime> bySuffix(String kubernetesVersion) {
    return Arrays.stream(values()).filter(r -> kubernetesVersion.endsWith(r.suffix())).findFirst();
  }

  /** The runtime named {@code id} (k3s or rke2), for command-line options. */
  public static Runtime parse(String id) throws InvalidInputException {
    for (Runtime runtime : values()) {
      if (runtime.id.equals(id)) {
        return runtime;
      }
    }
    throw new InvalidInputException("--runtime: expected k3s or rke2, found '" + id + "'");
  }

  public String id() {
    return id;
  }

  /** {@code :k3s}, {@code :rke2}: what a channel name is suffixed with to name this runtime. */
  public String suffix() {
    return ":" + id;
  }

  /** The {@code stable} channel of this runtime, as a {@code kubernetesVersion} that names it. */
  public String stableChannel() {
    return KubernetesVersion.DEFAULT_CHANNEL + (this == DEFAULT ? "" : suffix());
  }

  /** The runtimes other than this one, for messages about a server that runs another. */
  public List<Runtime> others() {
    return Arrays.stream(values()).filter(r -> r != this).toList();
  }

  /** The port of the supervisor that joining nodes register with. */
  public int supervisorPort() {
    return supervisorPort;
  }

  /** The Kubernetes API port (6443 for both). */
  public int apiPort() {
    return 6443;
  }

  public String unit(boolean server) {
    return server ? serverUnit : agentUnit;
  }

  /** The official install script. */
  public String installScriptUrl() {
    return installScriptUrl;
  }

  /** The release channel server: {@code <channelServer><channel>} redirects to the release. */
  public String channelServer() {
    return channelServer;
  }

  /** An exact version of this runtime, for messages that ask for one. */
  public String exampleVersion() {
    return exampleVersion;
  }

  /** Where the runtime's binary is installed, the install script's default first. */
  public List<String> binaries() {
    return binaries;
  }

  public String configDir() {
    return "/etc/rancher/" + id;
  }

  /** rancherd's runtime config drop-in. */
  public String configDropIn() {
    return configDir() + "/config.yaml.d/40-rancherd.yaml";
  }

  public String registriesFile() {
    return configDir() + "/registries.yaml";
  }

  public String adminKubeconfig() {
    return configDir() + "/" + id + ".yaml";
  }

  public String dataDir() {
    return "/var/lib/rancher/" + id;
  }

  public String serverTlsDir() {
    return dataDir() + "/server/tls";
  }

  /** The secure (K10) server token file. */
  public String serverTokenFile() {
    return dataDir() + "/server/token";
  }

  public String manifestsDir() {
    return dataDir() + "/server/manifests";
  }

  public String imagesDir() {
    return dataDir() + "/agent/images";
  }

  /** The environment variable prefix of the install script (INSTALL_K3S_ / INSTALL_RKE2_). */
  public String installEnvPrefix() {
    return "INSTALL_" + id.toUpperCase(Locale.ROOT) + "_";
  }

  /** The install script's variables that make it install a server or an agent. */
  public abstract Map<String, String> installTypeVariables(boolean server);

  /**
   * Where the runtime's install script puts the uninstall script it writes, for a server or an
   * agent, in the order they are looked for (docs/runtimes.md §1.1, §1.2): k3s writes {@code
   * k3s-uninstall.sh} or {@code k3s-agent-uninstall.sh} into its bin dir, the RKE2 tarball carries
   * {@code rke2-uninstall.sh}.
   */
  public List<String> uninstallScripts() {
    return this == K3S
        ? List.of(
            "/usr/local/bin/k3s-uninstall.sh",
            "/usr/local/bin/k3s-agent-uninstall.sh",
            "/opt/bin/k3s-uninstall.sh",
            "/opt/bin/k3s-agent-uninstall.sh")
        : List.of(
            "/usr/local/bin/rke2-uninstall.sh",
            "/opt/rke2/bin/rke2-uninstall.sh",
            "/usr/bin/rke2-uninstall.sh");
  }

  /**
   * Whether an agent of this runtime accepts the config key {@code key} ({@code key+} counts as
   * {@code key}). A k3s agent exits on keys it does not know (docs/runtimes.md §11.1); an RKE2
   * agent skips them with a warning, so every key is accepted there.
   */
  public boolean agentAccepts(String key) {
    return true;
  }

  /**
   * The environment file of the unit that rancherd writes the proxy variables into, for a runtime
   * whose install script does not copy them: RKE2's units read {@code /etc/default/<unit>}
   * (docs/runtimes.md §11.4); the k3s script copies them into {@code k3s.service.env} itself.
   */
  public Optional<String> proxyEnvFile(boolean server) {
    return Optional.empty();
  }

  /**
   * The pod and service networks a cluster of this runtime uses unless {@code cluster-cidr} and
   * {@code service-cidr} say otherwise (the same defaults for k3s and RKE2).
   */
  public List<String> defaultCidrs() {
    return List.of("10.42.0.0/16", "10.43.0.0/16");
  }

  /**
   * Whether the cluster-init node's config needs {@code cluster-init: true} to start embedded etcd
   * (k3s); by default (RKE2) etcd always starts and there is no such key.
   */
  public boolean needsClusterInitKey() {
    return false;
  }

  /** What an air-gap artifacts directory of this runtime holds for {@code arch}. */
  public abstract AirgapLayout airgap(String arch);

  /**
   * The install script's variables that make it install from the air-gap artifacts in {@code
   * artifactsDir}.
   */
  public abstract Map<String, String> airgapVariables(String artifactsDir);

  /**
   * The install script's directory variables, each machine path moved by {@code underRoot}: what
   * keeps an install under a --root other than {@code /} inside it.
   */
  public abstract Map<String, String> installDirectoryVariables(UnaryOperator<String> underRoot);

  /** {@code NAME=value} pairs with this runtime's install prefix, in order. */
  Map<String, String> variables(String... namesAndValues) {
    Map<String, String> variables = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      variables.put(installEnvPrefix() + namesAndValues[i], namesAndValues[i + 1]);
    }
    return variables;
  }

  static String type(boolean server) {
    return server ? "server" : "agent";
  }

  @Override
  public String toString() {
    return id;
  }
}
