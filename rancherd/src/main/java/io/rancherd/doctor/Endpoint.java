package io.rancherd.doctor;

import io.rancherd.proxy.EnvProxySelector;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * A host and port this node must reach, and what listens there ({@code k3s supervisor and API}).
 *
 * @param host a name or an IP address, without brackets
 */
record Endpoint(String host, int port, String label) {

  /** The host and port of {@code url}. */
  static Endpoint of(URI url, String label) {
    return new Endpoint(host(url), url.getPort(), label);
  }

  /** The host of {@code url} without the brackets of an IPv6 address. */
  static String host(URI url) {
    String host = url.getHost();
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  /** {@code host:port}, with an IPv6 address in brackets. */
  String address() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  /**
   * A connected socket to the host (its first address when it is a name); reads on it time out
   * after {@code timeout}.
   */
  Socket connect(Resolver resolver, Duration timeout) throws IOException {
    InetAddress address =
        EnvProxySelector.isAddress(host)
            ? InetAddress.getByName(host)
            : resolver.resolve(host).get(0);
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(address, port), (int) timeout.toMillis());
      socket.setSoTimeout((int) timeout.toMillis());
      return socket;
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  /** Why talking to an endpoint failed, in words: "connection refused", "no answer within 5 s". */
  static String cause(IOException e, Duration timeout) {
    if (e instanceof SocketTimeoutException) {
      return "no answer within " + describe(timeout);
    }
    if (e instanceof UnknownHostException) {
      return "cannot resolve " + e.getMessage();
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (message.contains("Unsupported or unrecognized SSL message")) {
      return "the server answered in plain text, not TLS";
    }
    return Character.toLowerCase(message.charAt(0)) + message.substring(1);
  }

  static String describe(Duration duration) {
    long millis = duration.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
  }
}
