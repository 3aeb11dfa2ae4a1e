package io.rancherd.config;

import io.rancherd.secret.Secret;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replaces secrets by {@link Secret#REDACTED} in a configuration, value by value, before a plan is
 * built from it, so the plan that is shown never holds a secret however YAML would have quoted it.
 */
public final class Redaction {

  /** extraConfig keys whose values are secrets. */
  static final List<String> SECRET_RUNTIME_KEYS = List.of("token", "agent-token");

  private Redaction() {}

  /**
   * The cluster token (as given to the runtime, then as configured, which it may contain) and any
   * token given through extraConfig.
   */
  public static List<Secret> secrets(RancherdConfig config, Secret token) {
    List<Secret> secrets = new ArrayList<>(List.of(token));
    config
        .cluster()
        .token()
        .filter(configured -> !configured.equals(token))
        .ifPresent(secrets::add);
    for (String key : SECRET_RUNTIME_KEYS) {
      if (config.node().extraConfig().get(key) instanceof String value && !value.isEmpty()) {
        secrets.add(new Secret(value));
      }
    }
    return secrets;
  }

  public static RancherdConfig redact(RancherdConfig config, List<Secret> secrets) {
    Map<String, Object> extra = new LinkedHashMap<>(config.node().extraConfig());
    SECRET_RUNTIME_KEYS.forEach(key -> extra.computeIfPresent(key, (k, v) -> Secret.REDACTED));
    InstructionsConfig instructions = config.instructions();
    return config
        .withToken(new Secret(Secret.REDACTED))
        .withNode(config.node().withExtraConfig(extra))
        .withInstructions(
            new InstructionsConfig(
                instructions(instructions.preInstructions(), secrets),
                instructions(instructions.postInstructions(), secrets)));
  }

  private static List<InstructionConfig> instructions(
      List<InstructionConfig> list, List<Secret> secrets) {
    return list.stream()
        .map(
            i ->
                new InstructionConfig(
                    i.name(),
                    i.image().map(s -> Secret.redactIn(s, secrets)),
                    i.env().stream().map(s -> Secret.redactIn(s, secrets)).toList(),
                    i.args().stream().map(s -> Secret.redactIn(s, secrets)).toList(),
                    i.command().map(s -> Secret.redactIn(s, secrets)),
                    i.saveOutput()))
        .toList();
  }
}
