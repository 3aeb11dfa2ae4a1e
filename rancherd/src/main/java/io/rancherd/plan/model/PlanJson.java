package io.rancherd.plan.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Plan JSON: the canonical form (compact, fixed field order, probes sorted) whose SHA-256 is the
 * plan checksum, and the indented form for people.
 *
 * <p>Written field by field with Jackson's streaming generator, in the order and with the omissions
 * the model's annotations declare (PlanJsonTest holds it to what Jackson's data binding writes from
 * them, byte for byte, so checksums do not change): the data binding's first use costs about 90 ms
 * of a {@code rancherd plan} run that takes a few hundred, to introspect seven small records.
 * Reading a plan back (the bootstrap's resume, {@code rancherd probe}) still uses it.
 */
public final class PlanJson {

  private static final JsonFactory JSON = new JsonFactory();

  private PlanJson() {}

  public static byte[] canonical(Plan plan) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JsonGenerator out = JSON.createGenerator(bytes)) {
      write(out, plan);
    } catch (IOException e) {
      throw new IllegalStateException("plan cannot be serialized", e);
    }
    return bytes.toByteArray();
  }

  public static String pretty(Plan plan) {
    StringWriter text = new StringWriter();
    try (JsonGenerator out = JSON.createGenerator(text).useDefaultPrettyPrinter()) {
      write(out, plan);
    } catch (IOException e) {
      throw new IllegalStateException("plan cannot be serialized", e);
    }
    return text + "\n";
  }

  public static Plan read(byte[] json) throws IOException {
    return Reader.MAPPER.readValue(json, Plan.class);
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

  private static void write(JsonGenerator out, Plan plan) throws IOException {
    out.writeStartObject();
    out.writeArrayFieldStart("files");
    for (PlanFile file : plan.files()) {
      write(out, file);
    }
    out.writeEndArray();
    out.writeArrayFieldStart("instructions");
    for (PlanInstruction instruction : plan.instructions()) {
      write(out, instruction);
    }
    out.writeEndArray();
    out.writeObjectFieldStart("probes");
    for (Map.Entry<String, PlanProbe> probe : plan.probes().entrySet()) {
      out.writeFieldName(probe.getKey());
      write(out, probe.getValue());
    }
    out.writeEndObject();
    out.writeEndObject();
  }

  /** {@code NON_DEFAULT}: no empty text, no false, no zero. */
  private static void write(JsonGenerator out, PlanFile file) throws IOException {
    out.writeStartObject();
    text(out, "content", file.content());
    if (file.directory()) {
      out.writeBooleanField("directory", true);
    }
    number(out, "uid", file.uid());
    number(out, "gid", file.gid());
    text(out, "path", file.path());
    text(out, "permissions", file.permissions());
    out.writeEndObject();
  }

  /** {@code NON_EMPTY}: no empty text or list; saveOutput always. */
  private static void write(JsonGenerator out, PlanInstruction instruction) throws IOException {
    out.writeStartObject();
    text(out, "name", instruction.name());
    out.writeBooleanField("saveOutput", instruction.saveOutput());
    text(out, "image", instruction.image());
    list(out, "env", instruction.env());
    list(out, "args", instruction.args());
    text(out, "command", instruction.command());
    out.writeEndObject();
  }

  /** Every field. */
  private static void write(JsonGenerator out, PlanProbe probe) throws IOException {
    out.writeStartObject();
    out.writeStringField("name", probe.name());
    out.writeNumberField("initialDelaySeconds", probe.initialDelaySeconds());
    out.writeNumberField("timeoutSeconds", probe.timeoutSeconds());
    out.writeNumberField("successThreshold", probe.successThreshold());
    out.writeNumberField("failureThreshold", probe.failureThreshold());
    out.writeFieldName("httpGet");
    HttpGet get = probe.httpGet();
    if (get == null) {
      out.writeNull();
    } else {
      out.writeStartObject();
      text(out, "url", get.url());
      if (get.insecure()) {
        out.writeBooleanField("insecure", true);
      }
      text(out, "clientCert", get.clientCert());
      text(out, "clientKey", get.clientKey());
      text(out, "caCert", get.caCert());
      out.writeEndObject();
    }
    out.writeEndObject();
  }

  private static void text(JsonGenerator out, String name, String value) throws IOException {
    if (value != null && !value.isEmpty()) {
      out.writeStringField(name, value);
    }
  }

  private static void number(JsonGenerator out, String name, int value) throws IOException {
    if (value != 0) {
      out.writeNumberField(name, value);
    }
  }

  private static void list(JsonGenerator out, String name, List<String> values) throws IOException {
    if (!values.isEmpty()) {
      out.writeArrayFieldStart(name);
      for (String value : values) {
        out.writeString(value);
      }
      out.writeEndArray();
    }
  }

  /** The data binding, made on first read only. */
  private static final class Reader {
    private static final ObjectMapper MAPPER =
        new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  }
}
