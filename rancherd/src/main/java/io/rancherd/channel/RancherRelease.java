package io.rancherd.channel;

/**
 * The Rancher chart to install: the Helm repository and the chart version (without a leading {@code
 * v}, as Helm writes it). For an exact {@code rancherVersion} the repository was not contacted: it
 * is the override, or the {@code stable} repository.
 */
public record RancherRelease(String repository, String version) {

  /** The version as Rancher's images are tagged ({@code v2.8.5}). */
  public String imageTag() {
    return "v" + version;
  }
}
