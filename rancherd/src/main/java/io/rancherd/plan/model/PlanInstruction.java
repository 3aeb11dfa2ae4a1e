package io.rancherd.plan.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * An instruction of a plan, with rancher/system-agent's field names. {@code command} and {@code
 * args} form an argv array; nothing is ever run through a shell string.
 */
@JsonPropertyOrder({"name", "saveOutput", "image", "env", "args", "command"})
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record PlanInstruction(
    @JsonProperty("name") String name,
    @JsonProperty("saveOutput") boolean saveOutput,
    @JsonProperty("image") String image,
    @JsonProperty("env") List<String> env,
    @JsonProperty("args") List<String> args,
    @JsonProperty("command") String command) {

  public PlanInstruction {
    image = image == null ? "" : image;
    env = env == null ? List.of() : List.copyOf(env);
    args = args == null ? List.of() : List.copyOf(args);
    command = command == null ? "" : command;
  }

  /** A built-in instruction: a command with arguments and environment, output saved. */
  public static PlanInstruction command(
      String name, List<String> env, String command, List<String> args) {
    return new PlanInstruction(name, true, "", env, args, command);
  }
}
