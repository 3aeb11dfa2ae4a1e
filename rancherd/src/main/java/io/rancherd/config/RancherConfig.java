package io.rancherd.config;

import java.util.Map;
import java.util.Optional;

/**
 * Rancher on the cluster-init node.
 *
 * @param installRancher false installs Kubernetes only
 * @param rancherVersion an exact chart version or a channel (stable, latest, alpha, prime)
 * @param rancherChartRepository the Helm repository of the chart (default: the channel's)
 * @param rancherInstallerImage the original rancherd's installer image of Rancher
 * @param rancherValues chart values merged over rancherd's defaults
 */
public record RancherConfig(
    boolean installRancher,
    Optional<String> rancherVersion,
    Optional<String> rancherChartRepository,
    Optional<String> rancherInstallerImage,
    Map<String, Object> rancherValues) {

  /**
   * Rancher's host port when {@code rancherValues.hostPort} does not set one (rancherd's default).
   */
  public static final int DEFAULT_HOST_PORT = 8443;

  public RancherConfig {
    rancherValues = PlainValues.immutableMap(rancherValues);
  }

  /**
   * The port Rancher listens on on the host, which the discovery join server uses before Rancher
   * runs: {@code rancherValues.hostPort} when it is a port number, else {@value #DEFAULT_HOST_PORT}
   * (rancherd's rule).
   */
  public int hostPort() {
    Object hostPort = rancherValues.get("hostPort");
    try {
      int port = hostPort == null ? 0 : Integer.parseInt(String.valueOf(hostPort).trim());
      return port > 0 && port < 65536 ? port : DEFAULT_HOST_PORT;
    } catch (NumberFormatException e) {
      return DEFAULT_HOST_PORT;
    }
  }
}
