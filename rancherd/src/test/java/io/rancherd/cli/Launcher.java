package io.rancherd.cli;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rancherd.testing.Commands;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Runs the packaged launcher ({@code bin/rancherd} of the distribution named by the system property
 * {@code rancherd.dist}) as a separate process, and offers the file helpers the integration tests
 * share.
 */
final class Launcher {

  static final Duration TIMEOUT = Duration.ofSeconds(90);

  static final ObjectMapper JSON = new ObjectMapper();

  private Launcher() {}

  /** What a run of the launcher gave. */
  record Result(List<String> command, int exitCode, String stdout, String stderr) {

    /** The non-blank lines of stderr. */
    List<String> stderrLines() {
      return stderr.lines().filter(l -> !l.isBlank()).toList();
    }

    /**
     * The command, exit code, stdout and stderr for a failure message; every occurrence of each of
     * {@code secrets} is replaced by a marker, so a failure message never repeats a token.
     */
    String describe(String... secrets) {
      String text =
          "command: "
              + String.join(" ", command)
              + "\nexit code: "
              + exitCode
              + "\n--- stdout ---\n"
              + stdout
              + "\n--- stderr ---\n"
              + stderr
              + "\n--- end ---";
      for (String secret : secrets) {
        if (secret != null && !secret.isEmpty()) {
          text = text.replace(secret, "<token>");
        }
      }
      return text;
    }
  }

  static Path dist() {
    return Path.of(System.getProperty("rancherd.dist", "target/rancherd")).toAbsolutePath();
  }

  static Path examples() {
    return Path.of(System.getProperty("rancherd.examples", "../cloud-config-examples"))
        .toAbsolutePath();
  }

  static Path executable() {
    Path launcher = dist().resolve("bin/rancherd");
    if (!Files.isExecutable(launcher)) {
      fail(
          "the packaged launcher "
              + launcher
              + " is missing or not executable; run `mvn package` first");
    }
    return launcher;
  }

  /**
   * Runs {@code rancherd} with {@code --root root} added right after the command name (or first,
   * when {@code args} starts with an option), with {@code root} as the working directory, so that
   * anything written relative to the working directory also shows up under the root.
   */
  static Result run(Path root, String... args) {
    return run(root, Map.of(), args);
  }

  /** {@link #run(Path, String...)} with extra environment variables. */
  static Result run(Path root, Map<String, String> env, String... args) {
    return exec(root, withRoot(root, args), env);
  }

  /**
   * {@link #run(Path, Map, String...)} under the file mode creation mask {@code umask} ("000"): set
   * by a shell that then execs the launcher, since a JVM cannot set its own.
   */
  static Result runWithUmask(Path root, Map<String, String> env, String umask, String... args) {
    List<String> command = new ArrayList<>();
    command.addAll(List.of("/bin/sh", "-c", "umask " + umask + " && exec \"$@\"", "sh"));
    command.add(executable().toString());
    command.addAll(withRoot(root, args));
    Commands.Output output = Commands.run(command, root, env, TIMEOUT);
    if (output.timedOut()) {
      fail("timed out after " + TIMEOUT.toSeconds() + " s: " + String.join(" ", command));
    }
    return new Result(command, output.exitCode(), output.stdout(), output.stderr());
  }

  /**
   * Starts {@code rancherd} like {@link #run(Path, Map, String...)} without waiting; output goes to
   * {@code log}.
   */
  static Process start(Path root, Map<String, String> env, Path log, String... args) {
    List<String> command = new ArrayList<>();
    command.add(executable().toString());
    command.addAll(withRoot(root, args));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(root.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Commands.NOISY_ENV.forEach(builder.environment()::remove);
    builder.environment().putAll(env);
    try {
      return builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
  }

  static List<String> withRoot(Path root, String... args) {
    List<String> argv = new ArrayList<>();
    int at = args.length > 0 && !args[0].startsWith("-") ? 1 : 0;
    for (int i = 0; i < at; i++) {
      argv.add(args[i]);
    }
    argv.add("--root");
    argv.add(root.toString());
    for (int i = at; i < args.length; i++) {
      argv.add(args[i]);
    }
    return argv;
  }

  /** Runs {@code rancherd} with exactly {@code args} in {@code workDir}. */
  static Result exec(Path workDir, List<String> args) {
    return exec(workDir, args, Map.of());
  }

  /**
   * Runs {@code rancherd} with exactly {@code args} in {@code workDir}, with extra environment
   * variables.
   */
  static Result exec(Path workDir, List<String> args, Map<String, String> env) {
    List<String> command = new ArrayList<>();
    command.add(executable().toString());
    command.addAll(args);
    Commands.Output output = Commands.run(command, workDir, env, TIMEOUT);
    if (output.timedOut()) {
      String err = output.stderr();
      fail(
          "timed out after "
              + TIMEOUT.toSeconds()
              + " s: "
              + String.join(" ", command)
              + "\n--- stderr ---\n"
              + err.substring(Math.max(0, err.length() - 4000)));
    }
    return new Result(command, output.exitCode(), output.stdout(), output.stderr());
  }

  // ---------------------------------------------------------------- files

  /** Every entry (files and directories) below {@code dir}, relative to it, sorted. */
  static List<String> entriesUnder(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(p -> !p.equals(dir))
          .map(p -> dir.relativize(p).toString())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The regular files below {@code dir}, relative to it, sorted. */
  static List<String> filesUnder(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile)
          .map(p -> dir.relativize(p).toString())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The regular files below {@code dir} (relative paths) whose bytes contain {@code text}. */
  static List<String> filesContaining(Path dir, String text) {
    byte[] needle = text.getBytes(StandardCharsets.UTF_8);
    return filesUnder(dir).stream().filter(f -> contains(read(dir.resolve(f)), needle)).toList();
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String readString(Path file) {
    return new String(read(file), StandardCharsets.UTF_8);
  }

  static Path write(Path file, String text) {
    try {
      return Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** POSIX permissions such as "rw-------". */
  static String mode(Path path) {
    try {
      return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---------------------------------------------------------------- plans and YAML

  static JsonNode parseJson(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The decoded content of every file of a plan, by path (directories give empty text). */
  static Map<String, String> decodedFiles(JsonNode plan) {
    Map<String, String> files = new java.util.LinkedHashMap<>();
    for (JsonNode file : plan.path("files")) {
      String content = file.path("content").asText("");
      files.put(
          file.path("path").asText(),
          new String(Base64.getDecoder().decode(content), StandardCharsets.UTF_8));
    }
    return files;
  }

  /**
   * The decoded runtime config drop-in of a plan ({@code
   * /etc/rancher/<rt>/config.yaml.d/40-rancherd.yaml}).
   */
  static Optional<String> runtimeConfig(JsonNode plan) {
    return decodedFiles(plan).entrySet().stream()
        .filter(
            e -> e.getKey().matches("/etc/rancher/(k3s|rke2)/config\\.yaml\\.d/40-rancherd\\.yaml"))
        .map(Map.Entry::getValue)
        .findFirst();
  }

  /** Parses YAML safely into plain Java values. */
  static Object parseYaml(String text) {
    return new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
  }

  /**
   * The {@code token} a config file sets: in its {@code rancherd:} section, or in the config a
   * cloud-config recipe writes ({@link #recipeConfig}).
   */
  static Optional<String> configuredToken(Path configFile) {
    String text = readString(configFile);
    Object doc = parseYaml(recipeConfig(text).orElse(text));
    Object section =
        doc instanceof Map<?, ?> top && top.get("rancherd") != null ? top.get("rancherd") : doc;
    if (section instanceof Map<?, ?> map
        && map.get("token") instanceof String token
        && !token.isEmpty()) {
      return Optional.of(token);
    }
    return Optional.empty();
  }

  /**
   * The content a cloud-config recipe's {@code write_files} writes to {@code
   * /etc/rancher/rancherd/config.yaml}, if it has such an entry.
   */
  static Optional<String> recipeConfig(String cloudConfig) {
    if (parseYaml(cloudConfig) instanceof Map<?, ?> top
        && top.get("write_files") instanceof List<?> files) {
      for (Object entry : files) {
        if (entry instanceof Map<?, ?> file
            && "/etc/rancher/rancherd/config.yaml".equals(file.get("path"))
            && file.get("content") instanceof String content) {
          return Optional.of(content);
        }
      }
    }
    return Optional.empty();
  }
}
