package io.rancherd.config;

import io.rancherd.secret.Secret;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
    config.token().filter(configured -> !configured.equals(token)).ifPresent(secrets::add);
    for (String key : SECRET_RUNTIME_KEYS) {
      if (config.extraConfig().get(key) instanceof String value && !value.isEmpty()) {
        secrets.add(new Secret(value));
      }
    }
    return secrets;
  }

  public static RancherdConfig redact(RancherdConfig config, List<Secret> secrets) {
    Map<String, Object> extra = new LinkedHashMap<>(config.extraConfig());
    SECRET_RUNTIME_KEYS.forEach(key -> extra.computeIfPresent(key, (k, v) -> Secret.REDACTED));
    return new RancherdConfig(config.role(), Optional.of(new Secret(Secret.REDACTED)), config.server(),
        config.discovery(), config.kubernetesVersion(), config.rancherVersion(), config.rancherValues(),
        config.tlsSans(), config.nodeName(), config.address(), config.internalAddress(), config.labels(),
        config.taints(), extra, instructions(config.preInstructions(), secrets),
        instructions(config.postInstructions(), secrets), config.resources(), config.bootstrapResources(),
        config.registries(), config.systemDefaultRegistry(), config.runtimeInstallerImage(),
        config.rancherInstallerImage(), config.install(), config.trust());
  }

  private static List<InstructionConfig> instructions(List<InstructionConfig> list, List<Secret> secrets) {
    return list.stream()
        .map(i -> new InstructionConfig(i.name(), i.image().map(s -> Secret.redactIn(s, secrets)),
            i.env().stream().map(s -> Secret.redactIn(s, secrets)).toList(),
            i.args().stream().map(s -> Secret.redactIn(s, secrets)).toList(),
            i.command().map(s -> Secret.redactIn(s, secrets)), i.saveOutput()))
        .toList();
  }

}
