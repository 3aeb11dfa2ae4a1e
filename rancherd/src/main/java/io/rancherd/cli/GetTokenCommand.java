package io.rancherd.cli;

import io.rancherd.bootstrap.Settings;
import io.rancherd.config.ConfigLoader;
import io.rancherd.config.RancherdConfig;
import io.rancherd.error.InvalidInputException;
import io.rancherd.error.RancherdException;
import io.rancherd.error.UnexpectedStateException;
import io.rancherd.state.Installed;
import io.rancherd.token.JoinConfig;
import io.rancherd.token.JoinToken;
import io.rancherd.token.NodeAddress;
import io.rancherd.token.ServerToken;
import io.rancherd.token.ServiceProxy;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "get-token",
    header = "Print the join token, or the user-data of a joining node",
    description =
        "On a server node, print the secure join token (K10...): joining nodes that use"
            + " it verify the cluster CA. With --join-config, print complete cloud-init user-data"
            + " for a node that joins this one (write_files writes its"
            + " /etc/rancher/rancherd/config.yaml 0600, runcmd runs rancherd bootstrap), or with"
            + " --format config only that config file; with --ca-checksum, only the cluster CA"
            + " checksum. Exits 3 on an agent node or before the runtime is installed.")
final class GetTokenCommand implements Callable<Integer> {

  @Mixin HelpOption help;

  @ParentCommand RancherdCommand parent;
  @Spec CommandSpec spec;

  @Option(
      names = "--join-config",
      description =
          "Print the joining node's user-data (role, server URL of this node, token,"
              + " Kubernetes version, this node's install source and proxy) instead of the"
              + " token alone.")
  boolean joinConfig;

  /** What --join-config prints. */
  enum Format {
    /** Complete user-data: write_files and runcmd. */
    CLOUD_CONFIG("cloud-config"),
    /** The content of /etc/rancher/rancherd/config.yaml alone. */
    CONFIG("config");

    private final String key;

    Format(String key) {
      this.key = key;
    }

    @Override
    public String toString() {
      return key;
    }
  }

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      converter = FormatConverter.class,
      defaultValue = "cloud-config",
      description =
          "With --join-config: cloud-config (user-data, the default) or config (the plain"
              + " /etc/rancher/rancherd/config.yaml).")
  Format format;

  @Option(
      names = "--ca-checksum",
      description =
          "Print only the cluster CA checksum (sha256:<hex>), no secret: the caChecksum value for"
              + " nodes joining "
              + "with a short token.")
  boolean caChecksum;

  @Option(
      names = "--role",
      defaultValue = "agent",
      paramLabel = "ROLE",
      description =
          "The role of the joining node in --join-config: agent or server (default:"
              + " ${DEFAULT-VALUE}).")
  String role;

  @Option(
      names = "--server",
      paramLabel = "URL",
      description =
          "The URL joining nodes reach this node at (default: https://<address>:<supervisor"
              + " port>, the address from "
              + "the config's address or internalAddress, else this host's first non-loopback IPv4 address).")
  String server;

  @Override
  public Integer call() throws RancherdException {
    Settings settings = parent.global.settings(Optional.empty());
    ServerToken token = ServerToken.read(settings.root());
    if (caChecksum) {
      spec.commandLine().getOut().println("sha256:" + caHash(token));
      return ExitCodes.OK;
    }
    if (!joinConfig) {
      spec.commandLine().getOut().println(token.token().reveal());
      return ExitCodes.OK;
    }
    if (!role.equals("agent") && !role.equals("server")) {
      throw new InvalidInputException("--role: expected agent or server, found '" + role + "'");
    }
    RancherdConfig config = ConfigLoader.load(settings.configSources()).config();
    String url =
        server != null
            ? server
            : "https://"
                + NodeAddress.of(config)
                    .orElseThrow(
                        () ->
                            new UnexpectedStateException(
                                "writing the join config: cannot tell the address joining nodes reach this node at; pass --server URL"))
                + ":"
                + token.runtime().supervisorPort();
    String version =
        settings
            .state()
            .installed()
            .map(Installed::kubernetesVersion)
            .or(config.install()::kubernetesVersion)
            .orElse(token.runtime().stableChannel());
    JoinConfig join =
        new JoinConfig(
            token, role, url, version, config.install(), ServiceProxy.read(settings.root()));
    spec.commandLine()
        .getOut()
        .print(format == Format.CONFIG ? join.configYaml() : join.cloudConfig());
    return ExitCodes.OK;
  }

  private static String caHash(ServerToken token) throws UnexpectedStateException {
    try {
      return JoinToken.parse(token.token())
          .caHash()
          .orElseThrow(
              () ->
                  new UnexpectedStateException(
                      "reading the CA checksum: the server token of "
                          + token.runtime()
                          + " holds no CA hash"));
    } catch (JoinToken.FormatException e) {
      throw new UnexpectedStateException(
          "reading the CA checksum from the server token of "
              + token.runtime()
              + ": "
              + e.getMessage());
    }
  }

  /** --format's values by their names (cloud-config, config). */
  static final class FormatConverter implements picocli.CommandLine.ITypeConverter<Format> {
    @Override
    public Format convert(String value) {
      for (Format f : Format.values()) {
        if (f.key.equals(value)) {
          return f;
        }
      }
      throw new picocli.CommandLine.TypeConversionException(
          "expected cloud-config or config, found '" + value + "'");
    }
  }
}
