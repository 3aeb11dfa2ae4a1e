package io.rancherd.plan.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Plan JSON: the canonical form (compact, fixed field order, probes sorted) whose SHA-256 is the
 * plan checksum, and the indented form for people.
 */
public final class PlanJson {

  private static final ObjectMapper CANONICAL =
      new ObjectMapper()
          .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private static final ObjectMapper PRETTY =
      CANONICAL.copy().enable(SerializationFeature.INDENT_OUTPUT);

  private PlanJson() {}

  public static byte[] canonical(Plan plan) {
    try {
      return CANONICAL.writeValueAsBytes(plan);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("plan cannot be serialized", e);
    }
  }

  public static String pretty(Plan plan) {
    try {
      return PRETTY.writeValueAsString(plan) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("plan cannot be serialized", e);
    }
  }

  public static Plan read(byte[] json) throws IOException {
    return CANONICAL.readValue(json, Plan.class);
  }

  /** The plan checksum: lowercase hex SHA-256 of the canonical JSON. */
  public static String checksum(Plan plan) {
    return sha256(canonical(plan));
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
