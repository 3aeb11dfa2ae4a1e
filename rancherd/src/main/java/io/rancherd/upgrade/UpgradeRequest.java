package io.rancherd.upgrade;

import java.util.List;
import java.util.Optional;

/**
 * What {@code rancherd upgrade} was asked for.
 *
 * @param kubernetesVersion the target release or channel, as {@code kubernetesVersion} takes it
 * @param rancherVersion the target Rancher version or channel, as {@code rancherVersion} takes it
 * @param controllerManifests the system-upgrade-controller's manifests (URLs or files), used when
 *     the controller is not in the cluster
 */
public record UpgradeRequest(
    Optional<String> kubernetesVersion,
    Optional<String> rancherVersion,
    List<String> controllerManifests) {

  public UpgradeRequest {
    controllerManifests = List.copyOf(controllerManifests);
  }
}
