package io.rancherd.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Optional;

/**
 * What a stamp records: when, the decided role and runtime and why, the plan and where the token
 * came from, the server CA a joining node verified and how, and on {@code working} the attempt and
 * the last failure. Never the token. A field not known yet is null and left out of the file.
 *
 * @param time when the stamp was written (ISO-8601)
 * @param role the decided role: cluster-init, server or agent
 * @param configuredRole the role as written in the configuration
 * @param planChecksum {@code sha256:<hex>} of the redacted plan
 * @param tokenSource where the cluster token came from (config, runtime_config, data_dir,
 *     generated)
 * @param serverCa {@code sha256:<hex>} of the CA a joining node verified
 * @param serverCaVerifiedBy what verified it (the token's hash, caChecksum, the join server ...)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "time",
  "role",
  "configuredRole",
  "runtime",
  "reason",
  "planChecksum",
  "tokenSource",
  "serverCa",
  "serverCaVerifiedBy",
  "attempt",
  "lastError"
})
public record Stamp(
    @JsonProperty("time") String time,
    @JsonProperty("role") String role,
    @JsonProperty("configuredRole") String configuredRole,
    @JsonProperty("runtime") String runtime,
    @JsonProperty("reason") String reason,
    @JsonProperty("planChecksum") String planChecksum,
    @JsonProperty("tokenSource") String tokenSource,
    @JsonProperty("serverCa") String serverCa,
    @JsonProperty("serverCaVerifiedBy") String serverCaVerifiedBy,
    @JsonProperty("attempt") Integer attempt,
    @JsonProperty("lastError") String lastError) {

  /** A stamp that exists but could not be read: every field unknown. */
  static final Stamp UNREADABLE =
      new Stamp(null, null, null, null, null, null, null, null, null, null, null);

  /** The decision: role, the role as configured, runtime and reason. */
  public static Stamp decided(String role, String configuredRole, String runtime, String reason) {
    return new Stamp(
        null, role, configuredRole, runtime, reason, null, null, null, null, null, null);
  }

  /** With the plan's checksum ({@code sha256:<hex>}) and the token's source. */
  public Stamp withPlan(String checksum, String source) {
    return new Stamp(
        time,
        role,
        configuredRole,
        runtime,
        reason,
        checksum,
        source,
        serverCa,
        serverCaVerifiedBy,
        attempt,
        lastError);
  }

  /** With the server CA a joining node verified ({@code sha256:<hex>}) and what verified it. */
  public Stamp withServerCa(String hash, String verifiedBy) {
    return new Stamp(
        time,
        role,
        configuredRole,
        runtime,
        reason,
        planChecksum,
        tokenSource,
        hash,
        verifiedBy,
        attempt,
        lastError);
  }

  public Stamp withAttempt(int number) {
    return new Stamp(
        time,
        role,
        configuredRole,
        runtime,
        reason,
        planChecksum,
        tokenSource,
        serverCa,
        serverCaVerifiedBy,
        number,
        lastError);
  }

  /** With the failure of the last attempt (a message that holds no secret), or null for none. */
  public Stamp withLastError(String error) {
    return new Stamp(
        time,
        role,
        configuredRole,
        runtime,
        reason,
        planChecksum,
        tokenSource,
        serverCa,
        serverCaVerifiedBy,
        attempt,
        error);
  }

  /** Without the attempt and its failure: what the {@code bootstrapped} stamp keeps. */
  public Stamp done() {
    return new Stamp(
        time,
        role,
        configuredRole,
        runtime,
        reason,
        planChecksum,
        tokenSource,
        serverCa,
        serverCaVerifiedBy,
        null,
        null);
  }

  Stamp at(Instant now) {
    return new Stamp(
        now.toString(),
        role,
        configuredRole,
        runtime,
        reason,
        planChecksum,
        tokenSource,
        serverCa,
        serverCaVerifiedBy,
        attempt,
        lastError);
  }

  /** The failure of the last attempt, if one failed. */
  public Optional<String> lastFailure() {
    return Optional.ofNullable(lastError);
  }
}
