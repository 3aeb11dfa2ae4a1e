package io.rancherd.plan.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.rancherd.config.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Plan JSON: the canonical form (compact, fixed field order, probes sorted) whose SHA-256 is the
 * plan checksum, the indented form for people, and redaction of secrets.
 */
public final class PlanJson {

  private static final ObjectMapper CANONICAL = new ObjectMapper()
      .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private static final ObjectMapper PRETTY = CANONICAL.copy().enable(SerializationFeature.INDENT_OUTPUT);

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

  /** A copy of {@code plan} in which every occurrence of every secret is replaced by a marker. */
  public static Plan redact(Plan plan, Collection<Secret> secrets) {
    List<String> values = secrets.stream().map(Secret::reveal).filter(v -> !v.isEmpty()).toList();
    List<PlanFile> files = plan.files().stream()
        .map(f -> f.directory() ? f : f.withText(redact(f.text(), values)))
        .toList();
    List<PlanInstruction> instructions = plan.instructions().stream()
        .map(i -> new PlanInstruction(i.name(), i.saveOutput(), redact(i.image(), values),
            i.env().stream().map(e -> redact(e, values)).toList(),
            i.args().stream().map(a -> redact(a, values)).toList(),
            redact(i.command(), values)))
        .toList();
    Map<String, PlanProbe> probes = new TreeMap<>(plan.probes());
    return new Plan(files, instructions, probes);
  }

  private static String redact(String text, List<String> secrets) {
    String result = text;
    for (String secret : secrets) {
      result = result.replace(secret, Secret.REDACTED);
    }
    return result;
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
