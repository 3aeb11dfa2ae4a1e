package io.rancherd.plan.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** A readiness probe of a plan (system-agent field names). */
@JsonPropertyOrder({
  "name",
  "initialDelaySeconds",
  "timeoutSeconds",
  "successThreshold",
  "failureThreshold",
  "httpGet"
})
public record PlanProbe(
    @JsonProperty("name") String name,
    @JsonProperty("initialDelaySeconds") int initialDelaySeconds,
    @JsonProperty("timeoutSeconds") int timeoutSeconds,
    @JsonProperty("successThreshold") int successThreshold,
    @JsonProperty("failureThreshold") int failureThreshold,
    @JsonProperty("httpGet") HttpGet httpGet) {

  /** A probe with rancherd's timings: 1 s initial delay, 5 s timeout, thresholds 1 and 2. */
  public static PlanProbe standard(String name, HttpGet httpGet) {
    return new PlanProbe(name, 1, 5, 1, 2, httpGet);
  }
}
