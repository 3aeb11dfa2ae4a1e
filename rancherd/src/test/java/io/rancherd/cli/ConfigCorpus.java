package io.rancherd.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Config inputs that break the YAML layer: hand-written cases for every kind of problem the fuzz
 * run of issue 17 found (tags, surrogates, depth, size, aliases), and seeded, deterministic
 * mutations of valid configs. Every input carries the planted secrets below, so that a test can
 * look for them in every message.
 */
final class ConfigCorpus {

  static final String TOKEN = "tok-SECRET-7f3a";
  static final String PASSWORD = "pw-SECRET-91c2";
  static final String REGISTRY_PASSWORD = "reg-SECRET-0d4e";
  static final List<String> SECRETS = List.of(TOKEN, PASSWORD, REGISTRY_PASSWORD, "SECRET");

  /** For {@link Input#line()}: the error must name a line, any line. */
  static final int ANY_LINE = -1;

  /**
   * One input: its bytes, and for a hand-written case the line (or {@link #ANY_LINE}) and key the
   * error must name; for a mutation, line 0 and no key.
   */
  record Input(String name, byte[] bytes, int line, String key) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** A valid config that sets every secret rancherd knows: token, passwords, registry auth. */
  static final String VALID =
      """
      #cloud-config
      hostname: node1
      write_files: &files
        - path: /etc/motd
          content: hello
      rancherd:
        role: cluster-init
        token: tok-SECRET-7f3a
        kubernetesVersion: v1.30.2+k3s1
        tlsSans: [rancher.example.com, 10.0.0.10]
        labels:
          - environment=production
        rancherValues:
          bootstrapPassword: pw-SECRET-91c2
          hostPort: 8443
          ingress: {enabled: false}
        registries:
          configs:
            registry.example.com:
              auth:
                username: admin
                password: reg-SECRET-0d4e
        extraConfig:
          agent-token: tok-SECRET-7f3a
          disable: [traefik]
      """;

  private ConfigCorpus() {}

  /** The hand-written cases: each must exit 2 naming its line (and key, when not null). */
  static List<Input> cases() {
    List<Input> cases = new ArrayList<>();
    String head = "rancherd:\n  role: cluster-init\n";
    add(cases, "!!binary with bad base64", head + "  token: !!binary \"%%%%\"\n", 3, "token");
    add(cases, "!!int on text", head + "  nodeName: !!int node-one\n", 3, "nodeName");
    add(cases, "!!float on the token", head + "  token: !!float " + TOKEN + "\n", 3, "token");
    add(
        cases,
        "!!timestamp on the token",
        head + "  token: !!timestamp " + TOKEN + "\n",
        3,
        "token");
    add(cases, "!!bool on text", head + "  installRancher: !!bool maybe\n", 3, "installRancher");
    add(cases, "!!map on a list", head + "  tlsSans: !!map [a, b]\n", 3, "tlsSans");
    add(cases, "!!seq on a map", head + "  rancherValues: !!seq {a: b}\n", 3, "rancherValues");
    add(cases, "!!map on a scalar", head + "  nodeName: !!map node1\n", 3, "nodeName");
    add(cases, "!!seq on a scalar", head + "  nodeName: !!seq node1\n", 3, "nodeName");
    add(cases, "!!set", head + "  rancherValues: !!set {a, b}\n", 3, "rancherValues");
    add(
        cases,
        "unquoted password starting with !",
        head + "  rancherValues:\n    bootstrapPassword: !" + PASSWORD + "\n",
        4,
        "rancherValues.bootstrapPassword");
    add(cases, "token starting with !!", head + "  token: !!" + TOKEN + "\n", 3, "token");
    add(
        cases,
        "registry password starting with !",
        head
            + "  registries:\n    configs:\n      r.example.com:\n        auth:\n"
            + "          password: !"
            + REGISTRY_PASSWORD
            + "\n",
        7,
        "password");
    add(cases, "verbatim tag", head + "  token: !<tag:" + TOKEN + "> x\n", 3, null);
    add(cases, "tag on a key", head + "  !!binary dG9rZW4=: x\n", 3, null);
    add(cases, "undefined alias named like the token", head + "  token: *" + TOKEN + "\n", 3, null);
    add(cases, "alias to a bad anchor name", head + "  token: *" + TOKEN + "{}\n", 3, null);
    add(cases, "escaped lone high surrogate", head + "  nodeName: \"\\ud800\"\n", 3, "nodeName");
    add(
        cases,
        "escaped lone low surrogate",
        head + "  token: \"" + TOKEN + "\\udc00\"\n",
        3,
        "token");
    add(cases, "escaped surrogate in a key", head + "  \"\\ud800\": x\n", 3, null);
    addBytes(
        cases,
        "raw encoded surrogate (CESU-8)",
        concat(
            bytes(head + "  nodeName: \""),
            new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            bytes("\"\n")),
        3,
        null);
    addBytes(
        cases,
        "bytes that are not UTF-8 in the token",
        concat(
            bytes(head + "  token: " + TOKEN), new byte[] {(byte) 0xFF, (byte) 0xC0}, bytes("\n")),
        3,
        null);
    add(
        cases,
        "escaped NUL",
        head + "  airgapArtifactsDir: \"/opt/a\\0b\"\n",
        3,
        "airgapArtifactsDir");
    add(cases, "raw control character", head + "  nodeName: node\u0001one\n", 3, null);
    add(cases, "unknown escape in the token", head + "  token: \"" + TOKEN + "\\q\"\n", 3, null);
    add(cases, "unterminated quote in the token", head + "  token: \"" + TOKEN + "\n", 4, null);
    add(cases, "colon in the token", head + "  token: " + TOKEN + ": x\n", 3, null);
    add(cases, "token starting with @", head + "  token: @" + TOKEN + "\n", 3, null);
    add(cases, "tab indentation", head + "\ttoken: " + TOKEN + "\n", 3, null);
    add(
        cases,
        "newline in a value",
        head.replace("cluster-init", "\"cluster-init\\nboss\""),
        2,
        "role");
    add(
        cases,
        "lists nested 100 deep",
        head + "  rancherValues: {x: " + "[".repeat(100) + "]".repeat(100) + "}\n",
        3,
        null);
    add(cases, "lists nested 68 deep through aliases", deepThroughAliases(head), 4, null);
    add(
        cases,
        "alias inside its own anchor",
        head + "  rancherValues: &a {x: *a}\n",
        3,
        "rancherValues.x");
    add(cases, "alias bomb, 40 aliases", aliasBomb(head, 40), ANY_LINE, null);
    add(cases, "100,001 values", head + "  tlsSans:\n" + "  - a\n".repeat(100_001), ANY_LINE, null);
    add(
        cases,
        "a 300 KiB value",
        head + "  rancherValues:\n    x: |\n" + ("      " + "v".repeat(1000) + "\n").repeat(300),
        4,
        "rancherValues.x");
    add(
        cases,
        "a 300 KiB line",
        head + "  rancherValues: {x: " + "v".repeat(300 * 1024) + "}\n",
        3,
        null);
    add(
        cases,
        "a 2 MiB file",
        head + "  rancherValues:\n    x: |\n" + ("      " + "v".repeat(1000) + "\n").repeat(2100),
        ANY_LINE,
        null);
    return cases;
  }

  /**
   * 33 lists nested, aliased inside 32 more: 68 levels with the three maps above, once expanded.
   */
  private static String deepThroughAliases(String head) {
    String deep = "[".repeat(33) + "]".repeat(33);
    return head
        + "  rancherValues:\n"
        + "    a: &deep "
        + deep
        + "\n"
        + "    b: "
        + "[".repeat(32)
        + "*deep"
        + "]".repeat(32)
        + "\n";
  }

  /**
   * The fuzz run's kind of bomb: {@code aliases} aliases (under SnakeYAML's limit of 50 for
   * collections), two per anchor, each anchor a list of two aliases of the one before, the first a
   * list of 16 values: 16 * 2^(aliases/2) values, 16 million for 40, from about 600 bytes.
   */
  static String aliasBomb(String head, int aliases) {
    StringBuilder sb =
        new StringBuilder(head)
            .append("  rancherValues:\n    a0: &a0 [")
            .append("x,".repeat(15))
            .append("x]\n");
    for (int i = 1; i <= aliases / 2; i++) {
      sb.append("    a")
          .append(i)
          .append(": &a")
          .append(i)
          .append(" [*a")
          .append(i - 1)
          .append(", *a")
          .append(i - 1)
          .append("]\n");
    }
    return sb.toString();
  }

  /** The valid config and the shipped examples (with the secrets planted), each valid as it is. */
  static List<String> validConfigs() {
    List<String> configs = new ArrayList<>(List.of(VALID));
    try (Stream<Path> files = Files.list(Launcher.examples())) {
      for (Path example : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        configs.add(
            Files.readString(example)
                .replace("change-me-to-a-long-random-secret", TOKEN)
                .replaceAll("(?m)^(\\s*token:).*$", "$1 " + TOKEN));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return configs;
  }

  /** {@code count} mutations of the valid configs, the same for the same seed. */
  static List<Input> mutations(long seed, int count) {
    Random random = new Random(seed);
    List<String> valid = validConfigs();
    List<Input> inputs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String base = valid.get(random.nextInt(valid.size()));
      int kind = random.nextInt(MUTATIONS.length);
      byte[] mutated = mutate(kind, base, random);
      inputs.add(new Input("mutation " + i + " (" + MUTATIONS[kind] + ")", mutated, 0, null));
    }
    return inputs;
  }

  private static final String[] MUTATIONS = {
    "tag", "tag", "bytes", "characters", "truncation", "nesting", "alias", "escape", "lines"
  };

  private static final String[] TAGS = {
    "!!binary",
    "!!int",
    "!!float",
    "!!bool",
    "!!null",
    "!!map",
    "!!seq",
    "!!str",
    "!!timestamp",
    "!!set",
    "!!omap",
    "!!pairs",
    "!!merge",
    "!custom",
    "!",
    "!<tag:example.com,2024:x>",
    "!!" + TOKEN
  };

  private static final String[] CHARACTERS = {
    ":", "-", "[", "]", "{", "}", "\"", "'", "\\", "&", "*", "!", "|", ">", "#", "%", "@", "`",
    "\t", "\n", " ", "?", ",", "\u0000", "\u0085", "\u2028", "\ufeff", "\ud800", "x", "0", "~"
  };

  private static final String[] ESCAPES = {
    "\"\\ud800\"",
    "\"\\udfff\"",
    "\"\\ud83d\\ude00\"",
    "\"\\x00\"",
    "\"\\0\"",
    "\"\\U0010FFFF\"",
    "\"\\U00110000\"",
    "\"\\q\"",
    "\"\\u12\"",
    "\"\\e\\a\"",
    "\"" + TOKEN + "\\ud800\""
  };

  private static byte[] mutate(int kind, String base, Random random) {
    return switch (MUTATIONS[kind]) {
      case "tag" -> bytes(insertAtValue(base, random, TAGS[random.nextInt(TAGS.length)] + " "));
      case "bytes" -> randomBytes(bytes(base), random);
      case "characters" -> bytes(randomCharacters(base, random));
      case "truncation" -> bytes(base.substring(0, random.nextInt(base.length())));
      case "nesting" -> bytes(insertAtValue(base, random, nesting(random)));
      case "alias" ->
          bytes(
              insertAtValue(
                  base,
                  random,
                  List.of("*files ", "*" + TOKEN + " ", "&x ", "*x ", "&a [*a] ", "<<: ")
                      .get(random.nextInt(6))));
      case "escape" -> bytes(replaceValue(base, random, ESCAPES[random.nextInt(ESCAPES.length)]));
      default -> bytes(shuffleLines(base, random));
    };
  }

  private static String nesting(Random random) {
    int depth = 1 + random.nextInt(120);
    String open = random.nextBoolean() ? "[" : "{a: ";
    String close = open.equals("[") ? "]" : "}";
    return open.repeat(depth) + (random.nextBoolean() ? close.repeat(depth) : "") + " ";
  }

  /** Inserts {@code text} right after a random ": " or "- " (where a value starts). */
  private static String insertAtValue(String base, Random random, String text) {
    List<Integer> starts = new ArrayList<>();
    for (int i = 0; i + 1 < base.length(); i++) {
      if ((base.charAt(i) == ':' || base.charAt(i) == '-') && base.charAt(i + 1) == ' ') {
        starts.add(i + 2);
      }
    }
    int at = starts.get(random.nextInt(starts.size()));
    return base.substring(0, at) + text + base.substring(at);
  }

  /** Replaces the rest of a random line after ": " by {@code value}. */
  private static String replaceValue(String base, Random random, String value) {
    String[] lines = base.split("\n", -1);
    for (int tries = 0; tries < 20; tries++) {
      int i = random.nextInt(lines.length);
      int colon = lines[i].indexOf(": ");
      if (colon > 0 && !lines[i].trim().startsWith("#")) {
        lines[i] = lines[i].substring(0, colon + 2) + value;
        break;
      }
    }
    return String.join("\n", lines);
  }

  private static byte[] randomBytes(byte[] base, Random random) {
    byte[] result = base.clone();
    for (int n = 1 + random.nextInt(4); n > 0; n--) {
      result[random.nextInt(result.length)] = (byte) random.nextInt(256);
    }
    return result;
  }

  private static String randomCharacters(String base, Random random) {
    StringBuilder sb = new StringBuilder(base);
    for (int n = 1 + random.nextInt(4); n > 0; n--) {
      int at = random.nextInt(sb.length());
      String c = CHARACTERS[random.nextInt(CHARACTERS.length)];
      if (random.nextBoolean()) {
        sb.insert(at, c);
      } else {
        sb.replace(at, at + 1, c);
      }
    }
    return sb.toString();
  }

  private static String shuffleLines(String base, Random random) {
    List<String> lines = new ArrayList<>(List.of(base.split("\n", -1)));
    int i = random.nextInt(lines.size());
    int j = random.nextInt(lines.size());
    switch (random.nextInt(3)) {
      case 0 -> lines.add(j, lines.get(i));
      case 1 -> lines.set(i, "  ".repeat(random.nextInt(4)) + lines.get(i).stripLeading());
      default -> lines.remove(i);
    }
    return String.join("\n", lines);
  }

  private static void add(List<Input> cases, String name, String text, int line, String key) {
    cases.add(new Input(name, bytes(text), line, key));
  }

  private static void addBytes(List<Input> cases, String name, byte[] bytes, int line, String key) {
    cases.add(new Input(name, bytes, line, key));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    byte[] result = new byte[length];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, result, at, part.length);
      at += part.length;
    }
    return result;
  }
}
