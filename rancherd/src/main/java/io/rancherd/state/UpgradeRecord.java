package io.rancherd.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What {@code rancherd upgrade} did on this node ({@code <data-dir>/upgrade.json}): when it last
 * wrote, the targets it wrote, and every file it has written (machine paths), so that {@code reset}
 * removes them as it removes the plan's files.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UpgradeRecord(
    @JsonProperty("time") String time,
    @JsonProperty("kubernetesVersion") String kubernetesVersion,
    @JsonProperty("rancherVersion") String rancherVersion,
    @JsonProperty("files") List<String> files) {

  public static final String FILE = "upgrade.json";

  public UpgradeRecord {
    files = files == null ? List.of() : List.copyOf(files);
  }

  static Optional<UpgradeRecord> read(Path dataDir) {
    return StateJson.read(dataDir.resolve(FILE), UpgradeRecord.class);
  }

  /** This record after {@code later}: its time and targets, and the files of both. */
  UpgradeRecord then(UpgradeRecord later) {
    TreeSet<String> all = new TreeSet<>(files);
    all.addAll(later.files());
    return new UpgradeRecord(
        later.time(),
        later.kubernetesVersion() != null ? later.kubernetesVersion() : kubernetesVersion,
        later.rancherVersion() != null ? later.rancherVersion() : rancherVersion,
        List.copyOf(all));
  }

  void write(Path dataDir) throws IOException {
    StateJson.write(dataDir, dataDir.resolve(FILE), this);
  }
}
