package io.rancherd.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Turns the merged YAML tree into a {@link RancherdConfig}, checking every value. Problems are
 * reported as {@link ConfigException}s that name the file, line and key; unknown keys are warnings.
 */
final class ConfigBinder {

  /** The role names rancherd accepts; {@code role} is one of them or a comma list of them. */
  static final List<String> ROLES =
      List.of("cluster-init", "server", "agent", "etcd", "controlplane", "control-plane", "worker");

  private final Consumer<String> warnings;

  ConfigBinder(Consumer<String> warnings) {
    this.warnings = warnings;
  }

  record Bound(RancherdConfig config, Map<String, Location> keyLocations) {}

  Bound bind(YamlNode.Mapping root) throws ConfigException {
    Fields f = Fields.of(root, "", ConfigKeys.TOP, warnings);
    RancherdConfig config =
        new RancherdConfig(
            cluster(f),
            trust(f),
            discovery(f),
            node(f),
            install(f),
            rancher(f),
            new InstructionsConfig(
                instructions(f, "preInstructions"), instructions(f, "postInstructions")),
            new ResourcesConfig(resources(f, "resources"), resources(f, "bootstrapResources")));
    return new Bound(config, f.keyLocations());
  }

  private static ClusterConfig cluster(Fields f) throws ConfigException {
    return new ClusterConfig(
        role(f), f.secret("token"), servers(f), f.bool("requireExplicitInit", false));
  }

  private static NodeConfig node(Fields f) throws ConfigException {
    return new NodeConfig(
        nodeName(f),
        ip(f, "address"),
        ip(f, "internalAddress"),
        f.strings("labels", "a label key=value", Syntax::labelProblem),
        f.strings("taints", "a taint key=value:Effect", Syntax::taintProblem),
        f.strings("tlsSans", "a host name or IP address", null),
        f.plainMap("extraConfig"));
  }

  private static InstallConfig install(Fields f) throws ConfigException {
    Optional<String> airgapArtifactsDir =
        checked(f, "airgapArtifactsDir", Syntax::absolutePathProblem, "an absolute directory path");
    return new InstallConfig(
        f.string("kubernetesVersion"),
        installSource(f, airgapArtifactsDir),
        checked(
            f, "installScriptUrl", Syntax::httpsUrlProblem, "an https:// URL of an install script"),
        airgapArtifactsDir,
        f.string("runtimeInstallerImage"),
        f.string("systemDefaultRegistry"),
        f.plainMap("registries"));
  }

  private static InstallConfig.Source installSource(Fields f, Optional<String> airgapArtifactsDir)
      throws ConfigException {
    Optional<String> value = f.string("installSource");
    if (value.isEmpty()) {
      return InstallConfig.Source.AUTO;
    }
    InstallConfig.Source source =
        Arrays.stream(InstallConfig.Source.values())
            .filter(s -> s.key().equals(value.get()))
            .findFirst()
            .orElseThrow(
                () ->
                    f.error(
                        "installSource",
                        f.node("installSource").orElse(null),
                        "expected auto, script, airgap or image, found "
                            + ConfigException.quote(value.get())));
    if (source == InstallConfig.Source.AIRGAP && airgapArtifactsDir.isEmpty()) {
      throw f.error(
          "installSource",
          f.node("installSource").orElse(null),
          "installSource airgap installs from airgapArtifactsDir, which is not set in any config source; set "
              + "airgapArtifactsDir to the directory that holds the runtime's air-gap artifacts");
    }
    return source;
  }

  private static RancherConfig rancher(Fields f) throws ConfigException {
    return new RancherConfig(
        f.bool("installRancher", true),
        f.string("rancherVersion"),
        checked(
            f,
            "rancherChartRepository",
            Syntax::httpsUrlProblem,
            "an https:// URL of a Helm repository"),
        f.string("rancherInstallerImage"),
        f.plainMap("rancherValues"));
  }

  private static TrustConfig trust(Fields f) throws ConfigException {
    Optional<String> checksum =
        checked(
            f,
            "caChecksum",
            Syntax::caChecksumProblem,
            "the SHA-256 of the server's /cacerts: 64 hex digits, optionally prefixed by sha256:");
    return new TrustConfig(checksum.map(Syntax::caChecksumHex), f.bool("requireVerifiedCa", false));
  }

  /** {@code role}: one name, or a comma list of names (normalized: trimmed, no repeats). */
  private static Optional<String> role(Fields f) throws ConfigException {
    Optional<String> role = f.string("role");
    if (role.isEmpty()) {
      return role;
    }
    Set<String> names = new LinkedHashSet<>();
    for (String part : role.get().split(",", -1)) {
      String name = part.trim().toLowerCase(Locale.ROOT);
      if (!ROLES.contains(name)) {
        throw f.error(
            "role",
            f.node("role").orElse(null),
            (name.isEmpty()
                    ? "an empty role name in " + ConfigException.quote(role.get())
                    : "unknown role " + ConfigException.quote(name))
                + ": expected one of "
                + String.join(", ", ROLES)
                + ", or a comma list of them");
      }
      names.add(name);
    }
    return Optional.of(String.join(",", names));
  }

  /** {@code server}: one URL, or a list of URLs tried in order. */
  private static List<String> servers(Fields f) throws ConfigException {
    String expected = "an https:// URL such as https://server1.example.com:8443";
    if (f.node("server").orElse(null) instanceof YamlNode.Sequence) {
      List<String> servers = f.strings("server", expected, Syntax::httpsUrlProblem);
      if (servers.isEmpty()) {
        throw f.error(
            "server",
            f.node("server").orElse(null),
            "expected " + expected + ", or a list of them; found an empty list");
      }
      return servers;
    }
    return checked(f, "server", Syntax::httpsUrlProblem, expected).stream().toList();
  }

  private static Optional<String> nodeName(Fields f) throws ConfigException {
    return checked(f, "nodeName", Syntax::dnsSubdomainProblem, "a Kubernetes node name");
  }

  private static Optional<String> ip(Fields f, String key) throws ConfigException {
    return checked(f, key, Syntax::ipProblem, "an IPv4 or IPv6 address");
  }

  /**
   * A string that must pass {@code check}; the message shows what was expected and what was found.
   */
  private static Optional<String> checked(
      Fields f, String key, Fields.ItemCheck check, String expected) throws ConfigException {
    Optional<String> value = f.string(key);
    if (value.isPresent()) {
      String problem = check.problem(value.get());
      if (problem != null) {
        throw f.error(
            key,
            f.node(key).orElse(null),
            "expected "
                + expected
                + ", found "
                + ConfigException.quote(value.get())
                + ": "
                + problem);
      }
    }
    return value;
  }

  private Optional<DiscoveryConfig> discovery(Fields top) throws ConfigException {
    Optional<YamlNode.Mapping> section = top.mapping("discovery");
    if (section.isEmpty()) {
      return Optional.empty();
    }
    Fields f = Fields.of(section.get(), "discovery", ConfigKeys.DISCOVERY, warnings);
    Map<String, String> params = new LinkedHashMap<>();
    Optional<YamlNode.Mapping> paramsNode = f.mapping("params");
    if (paramsNode.isPresent()) {
      for (Map.Entry<String, YamlNode> e : paramsNode.get().entries().entrySet()) {
        if (!(e.getValue() instanceof YamlNode.Scalar s) || s.isNull()) {
          throw new ConfigException(
              e.getValue().location(),
              "discovery.params." + e.getKey(),
              "expected a string, found " + e.getValue().describe());
        }
        params.put(e.getKey(), String.valueOf(s.value()));
      }
    }
    DiscoveryParams peers;
    try {
      peers = DiscoveryParams.of(params);
    } catch (DiscoveryParams.Invalid e) {
      Optional<YamlNode> at =
          paramsNode.flatMap(n -> Optional.ofNullable(n.entries().get(e.param())));
      throw new ConfigException(
          at.map(YamlNode::location).orElse(section.get().location()),
          "discovery.params." + e.param(),
          e.getMessage());
    }
    long expected =
        f.integer("expectedServers").orElse((long) DiscoveryConfig.DEFAULT_EXPECTED_SERVERS);
    if (expected < 1 || expected > 1000) {
      throw f.error(
          "expectedServers",
          f.node("expectedServers").orElse(null),
          "expected an integer from 1 to 1000, found " + expected);
    }
    Duration cache = DiscoveryConfig.DEFAULT_SERVER_CACHE_DURATION;
    Optional<String> cacheText = f.string("serverCacheDuration");
    if (cacheText.isPresent()) {
      cache = Syntax.parseDuration(cacheText.get());
      if (cache == null || cache.isZero()) {
        throw f.error(
            "serverCacheDuration",
            f.node("serverCacheDuration").orElse(null),
            "expected a duration such as 1m, 90s or 1h30m, found "
                + ConfigException.quote(cacheText.get()));
      }
    }
    return Optional.of(new DiscoveryConfig(params, peers, (int) expected, cache));
  }

  private List<InstructionConfig> instructions(Fields top, String key) throws ConfigException {
    List<InstructionConfig> result = new ArrayList<>();
    List<YamlNode> items = top.list(key);
    for (int i = 0; i < items.size(); i++) {
      String itemPath = key + "[" + i + "]";
      if (!(items.get(i) instanceof YamlNode.Mapping m)) {
        throw new ConfigException(
            items.get(i).location(),
            itemPath,
            "expected an instruction (a map with name and command), found "
                + items.get(i).describe());
      }
      result.add(
          instruction(Fields.of(m, itemPath, ConfigKeys.INSTRUCTION, warnings), m, itemPath));
    }
    return result;
  }

  private static InstructionConfig instruction(Fields f, YamlNode.Mapping m, String itemPath)
      throws ConfigException {
    Optional<String> name = f.string("name");
    if (name.isEmpty()) {
      throw new ConfigException(m.location(), itemPath + ".name", "every instruction needs a name");
    }
    Optional<String> image = f.string("image");
    Optional<String> command = f.string("command");
    if (image.isEmpty() && command.isEmpty()) {
      throw new ConfigException(
          m.location(),
          itemPath,
          "instruction "
              + ConfigException.quote(name.get())
              + " needs a command (or an image that provides run.sh)");
    }
    List<String> env =
        f.strings(
            "env",
            "an environment variable NAME=value",
            v -> v.indexOf('=') > 0 ? null : "the form is NAME=value");
    List<String> args = f.strings("args", "a string", null);
    return new InstructionConfig(
        name.get(), image, env, args, command, f.bool("saveOutput", false));
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> resources(Fields top, String key)
      throws ConfigException {
    List<Map<String, Object>> result = new ArrayList<>();
    List<YamlNode> items = top.list(key);
    for (int i = 0; i < items.size(); i++) {
      YamlNode item = items.get(i);
      if (!(item instanceof YamlNode.Mapping m)
          || !(m.get("apiVersion") instanceof YamlNode.Scalar a && a.value() instanceof String)
          || !(m.get("kind") instanceof YamlNode.Scalar k && k.value() instanceof String)) {
        throw new ConfigException(
            item.location(),
            key + "[" + i + "]",
            "expected a Kubernetes object with apiVersion and kind, found " + item.describe());
      }
      result.add((Map<String, Object>) m.toPlain());
    }
    return result;
  }
}
