package io.rancherd.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rancherd.fs.Root;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpgradeRecordTest {

  @TempDir Path root;

  @Test
  void everyUpgradesFilesAreKeptAndTheLatestTargetsWin() throws Exception {
    NodeState state = new NodeState(new Root(root), NodeState.DEFAULT_DATA_DIR);
    state.recordUpgrade(
        new UpgradeRecord("2026-01-01T00:00:00Z", "v1.30.2+k3s1", null, List.of("/m/plans.yaml")));
    state.recordUpgrade(
        new UpgradeRecord("2026-01-02T00:00:00Z", null, "2.8.6", List.of("/m/rancher.yaml")));

    assertEquals(
        new UpgradeRecord(
            "2026-01-02T00:00:00Z",
            "v1.30.2+k3s1",
            "2.8.6",
            List.of("/m/plans.yaml", "/m/rancher.yaml")),
        state.upgrade().orElseThrow());
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(
            Files.getPosixFilePermissions(state.dir().resolve(UpgradeRecord.FILE))));
  }
}
