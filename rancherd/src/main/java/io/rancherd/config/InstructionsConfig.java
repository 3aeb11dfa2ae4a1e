package io.rancherd.config;

import java.util.List;

/** The user's instructions, run before the runtime is installed and after everything else. */
public record InstructionsConfig(
    List<InstructionConfig> preInstructions, List<InstructionConfig> postInstructions) {

  public InstructionsConfig {
    preInstructions = List.copyOf(preInstructions);
    postInstructions = List.copyOf(postInstructions);
  }
}
