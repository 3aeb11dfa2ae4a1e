package io.rancherd.plan;

/**
 * Machine facts a plan refers to.
 *
 * @param dataDir rancherd's data dir as a machine path (without --root)
 * @param selfCommand the path of the rancherd launcher, for instructions that run rancherd itself
 */
public record PlanSettings(String dataDir, String selfCommand) {

  public String installerScript(String runtimeId) {
    return dataDir + "/installer/" + runtimeId + "-install.sh";
  }

  public String planFile() {
    return dataDir + "/plan/plan.json";
  }
}
