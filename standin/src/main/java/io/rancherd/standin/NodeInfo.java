package io.rancherd.standin;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the API shows of a node: its name, labels, InternalIP, and the machine ID its kubelet
 * reports in {@code status.nodeInfo.machineID} (empty when the machine has no {@code
 * /etc/machine-id}).
 */
record NodeInfo(String name, Map<String, String> labels, String address, String machineId) {

  NodeInfo {
    labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    machineId = machineId == null ? "" : machineId;
  }
}
