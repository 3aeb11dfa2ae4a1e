package io.rancherd.plan;

/**
 * Machine facts a plan refers to.
 *
 * @param dataDir rancherd's data dir as a machine path (without --root)
 * @param planFile the plan file as a machine path, for the instruction that runs its probes
 * @param selfCommand the path of the rancherd launcher, for instructions that run rancherd itself
 */
public record PlanSettings(String dataDir, String planFile, String selfCommand) {

  /** The Helm values of Rancher, as rancherd writes them. */
  public String rancherValuesFile() {
    return dataDir + "/rancher/values.yaml";
  }

  /** The bootstrap resources, one multi-document manifest. */
  public String resourcesFile() {
    return dataDir + "/bootstrapmanifests/rancherd.yaml";
  }
}
