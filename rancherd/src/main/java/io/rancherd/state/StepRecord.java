package io.rancherd.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What the journal knows about one step: the digest of its inputs, its state, when it last ran, how
 * many attempts it took and its last error (secrets redacted).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StepRecord(
    @JsonProperty("name") String name,
    @JsonProperty("digest") String digest,
    @JsonProperty("state") State state,
    @JsonProperty("startedAt") String startedAt,
    @JsonProperty("finishedAt") String finishedAt,
    @JsonProperty("attempts") int attempts,
    @JsonProperty("lastError") String lastError) {

  /** The state of a step. */
  public enum State {
    running,
    done,
    failed
  }
}
