package io.rancherd.standin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The runtime's settings, merged as k3s does (runtimes.md §2.2): {@code config.yaml}, then {@code
 * config.yaml.d/*.yaml|*.yml} in file-name order (a later file replaces a key, {@code key+}
 * appends), then command-line flags (which win), then environment variables for keys still unset.
 */
final class RuntimeConfig {

  /** Flags that take no value on the command line. */
  private static final Set<String> BOOLEAN_FLAGS =
      Set.of("cluster-init", "with-node-id", "selinux", "debug");

  private static final Map<String, String> SHORT_FLAGS =
      Map.of(
          "t",
          "token",
          "s",
          "server",
          "c",
          "config",
          "d",
          "data-dir",
          "i",
          "node-ip",
          "o",
          "write-kubeconfig");

  /** Key and the environment variable suffix (after {@code K3S_}/{@code RKE2_}) that backs it. */
  private static final Map<String, String> ENV_KEYS =
      Map.of(
          "token",
          "TOKEN",
          "server",
          "URL",
          "token-file",
          "TOKEN_FILE",
          "node-name",
          "NODE_NAME",
          "cluster-init",
          "CLUSTER_INIT",
          "write-kubeconfig-mode",
          "KUBECONFIG_MODE");

  private final Map<String, Object> values;

  /** The keys of the config files and the command line (not those backed by env variables). */
  private final Set<String> given;

  private RuntimeConfig(Map<String, Object> values, Set<String> given) {
    this.values = values;
    this.given = given;
  }

  /**
   * Reads the config files of {@code program} under {@code root}, then applies {@code flags} and
   * {@code env}.
   */
  static RuntimeConfig load(
      Program program, MachineRoot root, List<String> flags, Map<String, String> env) {
    Map<String, Object> cli = parseFlags(flags);
    String configPath =
        Optional.ofNullable(env.get(program.envPrefix() + "CONFIG_FILE"))
            .or(() -> Optional.ofNullable((String) cli.get("config")))
            .orElse(program.configFile());
    Map<String, Object> merged = new LinkedHashMap<>();
    for (Path file : configFiles(root.resolve(configPath))) {
      mergeFile(merged, file);
    }
    merged.putAll(cli);
    Set<String> given = Set.copyOf(merged.keySet());
    ENV_KEYS.forEach(
        (key, suffix) -> {
          String value = env.get(program.envPrefix() + suffix);
          if (value != null && !value.isEmpty()) {
            merged.putIfAbsent(key, value);
          }
        });
    return new RuntimeConfig(merged, given);
  }

  /**
   * Fails as a real k3s agent does on a key that is not one of its flags (runtimes.md §11.1): every
   * key of its config files and command line reaches urfave/cli, which stops at the first unknown.
   */
  void requireAgentFlags(Set<String> known) throws FatalException {
    for (String key : given) {
      if (!known.contains(key)) {
        throw new FatalException("Incorrect Usage: flag provided but not defined: -" + key);
      }
    }
  }

  Optional<String> string(String key) {
    Object value = values.get(key);
    if (value instanceof List<?> list) {
      return list.isEmpty()
          ? Optional.empty()
          : Optional.of(String.valueOf(list.get(list.size() - 1)));
    }
    return Optional.ofNullable(value).map(String::valueOf).filter(s -> !s.isEmpty());
  }

  List<String> list(String key) {
    Object value = values.get(key);
    if (value == null) {
      return List.of();
    }
    List<String> result = new ArrayList<>();
    for (Object item : value instanceof List<?> l ? l : List.of(value)) {
      // k3s splits comma-separated values of string-slice flags
      for (String part : String.valueOf(item).split(",")) {
        if (!part.isBlank()) {
          result.add(part.trim());
        }
      }
    }
    return result;
  }

  boolean bool(String key) {
    return string(key)
        .map(v -> v.toLowerCase(Locale.ROOT))
        .map(v -> v.equals("true") || v.equals("1"))
        .orElse(false);
  }

  /** The token: {@code token}, else the contents of {@code token-file}. */
  Optional<String> token(MachineRoot root) {
    return string("token")
        .or(() -> string("token-file").map(file -> read(root.resolve(file)).trim()));
  }

  static List<Path> configFiles(Path main) {
    List<Path> files = new ArrayList<>();
    if (Files.isRegularFile(main)) {
      files.add(main);
    }
    Path dropIns = main.resolveSibling(main.getFileName() + ".d");
    if (Files.isDirectory(dropIns)) {
      try (Stream<Path> entries = Files.list(dropIns)) {
        entries
            .filter(Files::isRegularFile)
            .filter(RuntimeConfig::isYaml)
            .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
            .forEach(files::add);
      } catch (IOException e) {
        throw new UncheckedIOException("listing " + dropIns, e);
      }
    }
    return files;
  }

  private static boolean isYaml(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".yaml") || name.endsWith(".yml");
  }

  private static void mergeFile(Map<String, Object> merged, Path file) {
    Object document = new Yaml(new SafeConstructor(new LoaderOptions())).load(read(file));
    if (document == null) {
      return;
    }
    if (!(document instanceof Map<?, ?> map)) {
      throw new IllegalStateException("config file " + file + " is not a YAML map");
    }
    map.forEach(
        (k, v) -> {
          String key = String.valueOf(k);
          if (key.endsWith("+")) {
            String base = key.substring(0, key.length() - 1);
            merged.merge(base, v, RuntimeConfig::append);
          } else {
            merged.put(key, v);
          }
        });
  }

  private static Object append(Object old, Object added) {
    List<Object> joined = new ArrayList<>(old instanceof List<?> l ? l : List.of(old));
    joined.addAll(added instanceof List<?> l ? l : List.of(added));
    return joined;
  }

  /**
   * {@code --key=value}, {@code --key value}, {@code -k value}; repeated flags collect into a list.
   */
  static Map<String, Object> parseFlags(List<String> args) {
    Map<String, Object> flags = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("-")) {
        throw new IllegalArgumentException("unexpected argument '" + arg + "'");
      }
      String name = arg.replaceFirst("^--?", "");
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      name = SHORT_FLAGS.getOrDefault(name, name);
      if (value == null) {
        if (BOOLEAN_FLAGS.contains(name)) {
          value = "true";
        } else if (i + 1 < args.size()) {
          value = args.get(++i);
        } else {
          throw new IllegalArgumentException("flag needs an argument: " + arg);
        }
      }
      flags.merge(name, value, RuntimeConfig::append);
    }
    return flags;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + file, e);
    }
  }
}
