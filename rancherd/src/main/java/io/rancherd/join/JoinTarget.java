package io.rancherd.join;

import io.rancherd.runtime.Runtime;
import java.net.URI;
import java.util.Optional;

/**
 * The server a node joins: the runtime supervisor URL ({@code https://host:port}), the runtime,
 * whether the node joins as a server, and, for a node that found its server through discovery, the
 * join server that vouches for the runtime's CA with the {@code /cacerts} handshake (empty when
 * discovery followed a verified Rancher host). A server found by discovery is never trusted on
 * first use.
 */
public record JoinTarget(
    String supervisorUrl,
    Runtime runtime,
    boolean server,
    Optional<String> joinServerUrl,
    boolean discovered) {

  /** A server the configuration names. */
  public JoinTarget(String supervisorUrl, Runtime runtime, boolean server) {
    this(supervisorUrl, runtime, server, Optional.empty(), false);
  }

  /** A server found by discovery, and the join server that vouches for it, if any. */
  public static JoinTarget discovered(
      String supervisorUrl, Runtime runtime, boolean server, Optional<String> joinServerUrl) {
    return new JoinTarget(supervisorUrl, runtime, server, joinServerUrl, true);
  }

  /** "the k3s supervisor https://host:6443", for messages. */
  public String describe() {
    return "the " + runtime + " supervisor " + supervisorUrl;
  }

  /** The host of the supervisor URL. */
  public String host() {
    return URI.create(supervisorUrl).getHost();
  }

  /** The port of the supervisor URL. */
  public int port() {
    return URI.create(supervisorUrl).getPort();
  }

  /**
   * Whether the supervisor listens on its runtime's standard port (not a port of the user's
   * choosing).
   */
  boolean standardPort() {
    return port() == runtime.supervisorPort();
  }

  /** The URL where {@code other}'s supervisor would be on the same host. */
  String supervisorUrlOf(Runtime other) {
    return "https://"
        + URI.create(supervisorUrl).getRawAuthority().replaceFirst(":\\d+$", "")
        + ":"
        + other.supervisorPort();
  }
}
