package io.rancherd.doctor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The findings of one doctor run, as text lines or as JSON. */
public record DoctorReport(List<Finding> findings) {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public DoctorReport {
    findings = List.copyOf(findings);
  }

  /** How many checks failed. */
  public long failed() {
    return findings.stream().filter(f -> f.status() == Status.FAIL).count();
  }

  /** One line per check: {@code <STATUS> <check>: <message>[; fix: <fix>]}. */
  public List<String> lines() {
    return findings.stream().map(Finding::line).toList();
  }

  /**
   * {@code {"checks":[{"check","status","message","fix"}],"failed":n}}; fix is null when there is
   * none.
   */
  public String json() {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode checks = root.putArray("checks");
    for (Finding finding : findings) {
      ObjectNode node = checks.addObject();
      node.put("check", finding.check());
      node.put("status", finding.status().name());
      node.put("message", finding.message());
      node.put("fix", finding.fix().orElse(null));
    }
    root.put("failed", failed());
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("writing the doctor report as JSON", e);
    }
  }
}
