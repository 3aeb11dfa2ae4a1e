package io.rancherd.reset;

/** One thing {@code rancherd reset} does, in the order it does them. */
public sealed interface ResetAction {

  /** What it does, for the list --dry-run prints and the progress lines. */
  String describe();

  /** Stop (and disable) the runtime's service. */
  record StopService(String unit, String manager) implements ResetAction {
    @Override
    public String describe() {
      return "stop and disable " + unit + " (" + manager + ")";
    }
  }

  /** Run the uninstall script the runtime's install script wrote. */
  record RunUninstall(String script) implements ResetAction {
    @Override
    public String describe() {
      return "run " + script + " (removes the runtime, its data, config and units)";
    }
  }

  /** Remove a file of the plan rancherd wrote. */
  record RemoveFile(String path) implements ResetAction {
    @Override
    public String describe() {
      return "remove " + path;
    }
  }

  /** Remove the proxy variables rancherd wrote into a unit's environment file. */
  record RemoveProxyLines(String path) implements ResetAction {
    @Override
    public String describe() {
      return "remove the proxy variables rancherd wrote into " + path;
    }
  }

  /** Remove rancherd's data dir: stamps, journal, plan, token, discovery record, logs. */
  record RemoveDataDir(String path) implements ResetAction {
    @Override
    public String describe() {
      return "remove " + path + " (rancherd's stamps, journal, plan, token and records)";
    }
  }
}
