package io.rancherd.plan.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A file of a plan, with rancher/system-agent's field names: content is base64, permissions an
 * octal string such as "0600".
 */
@JsonPropertyOrder({"content", "directory", "uid", "gid", "path", "permissions"})
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record PlanFile(
    @JsonProperty("content") String content,
    @JsonProperty("directory") boolean directory,
    @JsonProperty("uid") int uid,
    @JsonProperty("gid") int gid,
    @JsonProperty("path") String path,
    @JsonProperty("permissions") String permissions) {

  public PlanFile {
    content = content == null ? "" : content;
  }

  /** A root-owned text file. */
  public static PlanFile text(String path, String text, String permissions) {
    return new PlanFile(
        Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)),
        false,
        0,
        0,
        path,
        permissions);
  }

  public byte[] bytes() {
    return Base64.getDecoder().decode(content);
  }

  public String text() {
    return new String(bytes(), StandardCharsets.UTF_8);
  }
}
