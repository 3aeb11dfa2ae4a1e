package io.rancherd.config;

import java.util.List;
import java.util.Optional;

/**
 * A user instruction from {@code preInstructions} or {@code postInstructions}, with the field names
 * of rancher/system-agent's instruction.
 */
public record InstructionConfig(
    String name,
    Optional<String> image,
    List<String> env,
    List<String> args,
    Optional<String> command,
    boolean saveOutput) {

  public InstructionConfig {
    env = List.copyOf(env);
    args = List.copyOf(args);
  }
}
