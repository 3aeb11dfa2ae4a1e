package io.rancherd.standin;

import java.util.Locale;

/**
 * The runtime the stand-in plays: k3s or RKE2, with their ports and paths (runtimes.md §4.1, §5).
 */
enum Program {
  K3S(6443),
  RKE2(9345);

  static final int API_PORT = 6443;
  static final int KUBELET_PORT = 10248;
  static final int CONTROLLER_MANAGER_PORT = 10257;
  static final int SCHEDULER_PORT = 10259;

  private final int supervisorPort;

  Program(int supervisorPort) {
    this.supervisorPort = supervisorPort;
  }

  static Program parse(String name) {
    for (Program program : values()) {
      if (program.id().equals(name)) {
        return program;
      }
    }
    throw new IllegalArgumentException("unknown runtime '" + name + "', expected k3s or rke2");
  }

  String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Prefix of the environment variables the binary reads: {@code K3S_} or {@code RKE2_}. */
  String envPrefix() {
    return name() + "_";
  }

  int supervisorPort() {
    return supervisorPort;
  }

  /** k3s multiplexes supervisor and API on one port; RKE2 has a separate supervisor. */
  boolean separateSupervisor() {
    return supervisorPort != API_PORT;
  }

  String configFile() {
    return "/etc/rancher/" + id() + "/config.yaml";
  }

  String kubeconfig() {
    return "/etc/rancher/" + id() + "/" + id() + ".yaml";
  }

  String dataDir() {
    return "/var/lib/rancher/" + id();
  }
}
