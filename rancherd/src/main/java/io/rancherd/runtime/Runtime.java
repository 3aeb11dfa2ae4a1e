package io.rancherd.runtime;

import io.rancherd.error.InvalidInputException;
import java.util.Locale;

/**
 * The two Kubernetes distributions rancherd installs, with the facts that differ between them
 * (docs/runtimes.md: paths §5, ports §4.1, units §1.1 and §1.2).
 */
public enum Runtime {
  K3S("k3s", 6443, "k3s", "k3s-agent"),
  RKE2("rke2", 9345, "rke2-server", "rke2-agent");

  private final String id;
  private final int supervisorPort;
  private final String serverUnit;
  private final String agentUnit;

  Runtime(String id, int supervisorPort, String serverUnit, String agentUnit) {
    this.id = id;
    this.supervisorPort = supervisorPort;
    this.serverUnit = serverUnit;
    this.agentUnit = agentUnit;
  }

  /** RKE2 when the Kubernetes version (exact or channel) names rke2, else k3s. */
  public static Runtime forVersion(String kubernetesVersion) {
    return kubernetesVersion != null && kubernetesVersion.toLowerCase(Locale.ROOT).contains("rke2") ? RKE2 : K3S;
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

  @Override
  public String toString() {
    return id;
  }
}
