package io.rancherd.plan.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a bootstrap does to the machine: files to write, instructions to run in order, and the
 * probes that must pass. JSON field names are rancher/system-agent's; probes are ordered by name.
 */
@JsonPropertyOrder({"files", "instructions", "probes"})
public record Plan(
    @JsonProperty("files") List<PlanFile> files,
    @JsonProperty("instructions") List<PlanInstruction> instructions,
    @JsonProperty("probes") Map<String, PlanProbe> probes) {

  public Plan {
    files = files == null ? List.of() : List.copyOf(files);
    instructions = instructions == null ? List.of() : List.copyOf(instructions);
    probes = Collections.unmodifiableMap(new TreeMap<>(probes == null ? Map.of() : probes));
  }
}
