package io.rancherd.config;

import io.rancherd.secret.Secret;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one rule for what in a configuration is secret (docs/design.md §9, "Secrets"), and its
 * application: a value is secret when it is the cluster token, when its key names a secret (a key
 * whose name, lowercased, contains {@code password}, {@code token}, {@code secret} or {@code
 * credential}, or is {@code auth}: {@code bootstrapPassword}, registry {@code password}, {@code
 * auth} and {@code identitytoken}, runtime flags such as {@code agent-token} or {@code
 * etcd-s3-secret-key}; not a key whose name ends in {@code file} or {@code path}, and not a boolean
 * value), at any depth of {@code extraConfig}, {@code rancherValues} and {@code registries}, in a
 * {@code key=value} list item or instruction env entry whose key names a secret, or when it is the
 * password of a URL's userinfo ({@code scheme://user:password@host}).
 *
 * <p>The redacted configuration replaces each of them by {@link Secret#REDACTED} before the plan
 * that is shown is built from it, so the shown plan never holds a secret however it is quoted or
 * encoded; {@link #secrets} lists the values, which every log line, stamp, journal entry and error
 * is cleaned of.
 */
public final class Redaction {

  private static final List<String> SECRET_WORDS =
      List.of("password", "token", "secret", "credential", "passwd");
  private static final Pattern USERINFO = Pattern.compile("(://[^/@:\\s]*:)([^/@\\s]+)@");

  /**
   * Shorter values are still replaced in the shown configuration, but not searched for in log text
   * (a password "1" would otherwise blank every 1 of every line).
   */
  static final int MIN_REDACTED = 4;

  private Redaction() {}

  /** Whether a key of this name holds a secret. */
  public static boolean secretKey(String name) {
    String key = name.toLowerCase(Locale.ROOT);
    if (key.endsWith("file") || key.endsWith("path")) {
      return false;
    }
    return key.equals("auth") || SECRET_WORDS.stream().anyMatch(key::contains);
  }

  /**
   * Every secret value of the configuration: the cluster token (as given to the runtime, then as
   * configured, which it may contain) and every value the rule above names.
   */
  public static List<Secret> secrets(RancherdConfig config, Secret token) {
    Set<String> tokens = new LinkedHashSet<>();
    tokens.add(token.reveal());
    config.cluster().token().ifPresent(t -> tokens.add(t.reveal()));
    Set<String> values = new LinkedHashSet<>();
    collect(config.node().extraConfig(), false, values);
    collect(config.rancher().rancherValues(), false, values);
    collect(config.install().registries(), false, values);
    config.instructions().preInstructions().forEach(i -> collect(i.env(), false, values));
    config.instructions().postInstructions().forEach(i -> collect(i.env(), false, values));
    List<Secret> secrets = new ArrayList<>();
    tokens.stream().filter(t -> !t.isEmpty()).map(Secret::new).forEach(secrets::add);
    values.removeAll(tokens);
    values.stream()
        .filter(v -> v.length() >= MIN_REDACTED && !v.equals(Secret.REDACTED))
        .map(Secret::new)
        .forEach(secrets::add);
    return secrets;
  }

  /** {@code config} with every secret replaced by {@link Secret#REDACTED}. */
  public static RancherdConfig redact(RancherdConfig config, List<Secret> secrets) {
    InstructionsConfig instructions = config.instructions();
    RancherConfig rancher = config.rancher();
    InstallConfig install = config.install();
    return config
        .withToken(new Secret(Secret.REDACTED))
        .withNode(config.node().withExtraConfig(map(config.node().extraConfig(), secrets)))
        .withRancher(
            new RancherConfig(
                rancher.installRancher(),
                rancher.rancherVersion(),
                rancher.rancherChartRepository(),
                rancher.rancherInstallerImage(),
                map(rancher.rancherValues(), secrets)))
        .withInstall(
            new InstallConfig(
                install.kubernetesVersion(),
                install.installSource(),
                install.installScriptUrl(),
                install.airgapArtifactsDir(),
                install.runtimeInstallerImage(),
                install.systemDefaultRegistry(),
                map(install.registries(), secrets)))
        .withInstructions(
            new InstructionsConfig(
                instructions(instructions.preInstructions(), secrets),
                instructions(instructions.postInstructions(), secrets)));
  }

  /** {@code text} with every secret of {@code secrets} and every URL password redacted. */
  public static String redactText(String text, List<Secret> secrets) {
    return redactUserinfo(Secret.redactIn(text, secrets));
  }

  private static void collect(Object value, boolean secret, Set<String> into) {
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> collect(v, secret || secretKey(String.valueOf(k)), into));
    } else if (value instanceof List<?> list) {
      list.forEach(item -> collect(item, secret, into));
    } else if (value instanceof String text) {
      if (secret) {
        into.add(text);
        return;
      }
      assignment(text).ifPresent(into::add);
      Matcher m = USERINFO.matcher(text);
      while (m.find()) {
        into.add(m.group(2));
      }
    } else if (value != null && secret && !(value instanceof Boolean)) {
      into.add(String.valueOf(value));
    }
  }

  /** The value of a {@code key=value} (or {@code --key=value}) text whose key names a secret. */
  private static java.util.Optional<String> assignment(String text) {
    int eq = text.indexOf('=');
    return eq > 0 && secretKey(text.substring(0, eq)) && eq < text.length() - 1
        ? java.util.Optional.of(text.substring(eq + 1))
        : java.util.Optional.empty();
  }

  private static Map<String, Object> map(Map<String, Object> map, List<Secret> secrets) {
    Map<String, Object> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(k, value(v, secretKey(k), secrets)));
    return out;
  }

  private static Object value(Object value, boolean secret, List<Secret> secrets) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach(
          (k, v) ->
              out.put(
                  String.valueOf(k), value(v, secret || secretKey(String.valueOf(k)), secrets)));
      return out;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(item -> value(item, secret, secrets)).toList();
    }
    if (value instanceof String text) {
      return secret ? Secret.REDACTED : redactText(text, secrets);
    }
    return value != null && secret && !(value instanceof Boolean) ? Secret.REDACTED : value;
  }

  private static String redactUserinfo(String text) {
    return USERINFO
        .matcher(text)
        .replaceAll("$1" + Matcher.quoteReplacement(Secret.REDACTED) + "@");
  }

  private static List<InstructionConfig> instructions(
      List<InstructionConfig> list, List<Secret> secrets) {
    return list.stream()
        .map(
            i ->
                new InstructionConfig(
                    i.name(),
                    i.image().map(s -> redactText(s, secrets)),
                    i.env().stream().map(s -> redactText(s, secrets)).toList(),
                    i.args().stream().map(s -> redactText(s, secrets)).toList(),
                    i.command().map(s -> redactText(s, secrets)),
                    i.saveOutput()))
        .toList();
  }
}
