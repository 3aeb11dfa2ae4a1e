package io.rancherd.upgrade;

import io.rancherd.runtime.Runtime;
import java.util.List;
import java.util.Optional;

/**
 * What an upgrade does: the files it writes, in order, and a line for each part that needs nothing.
 *
 * @param runtime this cluster's runtime
 * @param writes the files, in the order they are written
 * @param notes one line per part already done ("every node runs v1.31.4+k3s1")
 * @param kubernetes the Kubernetes release to upgrade the nodes to, when some run another
 * @param rancher the Rancher chart target, when Rancher is to be upgraded
 */
public record UpgradeChanges(
    Runtime runtime,
    List<Write> writes,
    List<String> notes,
    Optional<String> kubernetes,
    Optional<RancherTarget> rancher) {

  /** A file upgrade writes: a machine path, its text, and what it does (for --dry-run). */
  public record Write(String path, String text, String what) {

    public String describe() {
      return "write " + path + " (" + what + ")";
    }
  }

  /** The Rancher chart version to run, from its repository. */
  public record RancherTarget(String version, String repository) {}

  public UpgradeChanges {
    writes = List.copyOf(writes);
    notes = List.copyOf(notes);
  }

  public boolean nothing() {
    return writes.isEmpty();
  }
}
