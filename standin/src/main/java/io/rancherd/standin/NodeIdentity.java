package io.rancherd.standin;

import com.sun.net.httpserver.Headers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import okhttp3.Request;

/**
 * Who a node says it is when it registers (runtimes.md §4.3): name and node password in the {@code
 * <prog>-Node-Name}, {@code <prog>-Node-Password} and {@code <prog>-Node-IP} headers k3s sends,
 * plus two stand-in-only headers for what a real kubelet reports through the API instead: {@value
 * #MACHINE_ID_HEADER} and {@value #LABELS_HEADER}. The password is never logged.
 */
record NodeIdentity(NodeInfo info, String password) {

  static final String PASSWORD_FILE = "/etc/rancher/node/password";
  static final String MACHINE_ID_HEADER = "X-Standin-Machine-Id";
  static final String LABELS_HEADER = "X-Standin-Node-Labels";

  /**
   * This machine's node: name, labels, address, machine ID, and its node password (created once).
   */
  static NodeIdentity of(Program program, MachineRoot root, RuntimeConfig config, boolean server) {
    String name = nodeName(config);
    List<String> nodeIps = config.list("node-ip");
    String address = nodeIps.isEmpty() ? Listeners.advertisedAddress() : nodeIps.get(0);
    NodeInfo info =
        new NodeInfo(
            name,
            NodeLabels.of(program, config, name, server),
            address,
            root.machineId().orElse(""));
    return new NodeIdentity(info, ensurePassword(root));
  }

  /**
   * The node password in {@code /etc/rancher/node/password}: read if present, else random and
   * written 0600.
   */
  static String ensurePassword(MachineRoot root) {
    Path file = root.resolve(PASSWORD_FILE);
    if (Files.isRegularFile(file)) {
      String existing = SecureFiles.read(file).trim();
      if (!existing.isEmpty()) {
        return existing;
      }
    }
    String password = Token.randomPassword();
    SecureFiles.write(file, password + "\n", SecureFiles.PRIVATE);
    Log.info("wrote node password file " + file);
    return password;
  }

  /** {@code node-name}, else the lower-cased host name, as k3s does. */
  static String nodeName(RuntimeConfig config) {
    return config.string("node-name").orElseGet(() -> hostname().toLowerCase(Locale.ROOT));
  }

  static String hostname() {
    try {
      String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
      if (!name.isEmpty()) {
        return name;
      }
    } catch (IOException e) {
      // fall through to the resolver
    }
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      throw new UncheckedIOException(e);
    }
  }

  void addHeaders(Program program, Request.Builder request) {
    request
        .header(header(program, "Name"), info.name())
        .header(header(program, "Password"), password)
        .header(header(program, "IP"), info.address())
        .header(LABELS_HEADER, NodeLabels.encode(info.labels()));
    if (!info.machineId().isEmpty()) {
      request.header(MACHINE_ID_HEADER, info.machineId());
    }
  }

  /**
   * The identity in a registration request; the name is lower-cased as k3s does.
   *
   * @throws IllegalArgumentException when the node name or password header is missing
   */
  static NodeIdentity fromHeaders(Program program, Headers headers) {
    String name =
        required(headers, header(program, "Name"), "node name not set").toLowerCase(Locale.ROOT);
    String password = required(headers, header(program, "Password"), "node password not set");
    String address = headers.getFirst(header(program, "IP"));
    NodeInfo info =
        new NodeInfo(
            name,
            NodeLabels.decode(headers.getFirst(LABELS_HEADER)),
            address == null || address.isBlank() ? "127.0.0.1" : address.split(",")[0].trim(),
            headers.getFirst(MACHINE_ID_HEADER));
    return new NodeIdentity(info, password);
  }

  /**
   * {@code k3s-Node-<suffix>} or {@code rke2-Node-<suffix>} (k3s builds it from its program name).
   */
  static String header(Program program, String suffix) {
    return program.id() + "-Node-" + suffix;
  }

  private static String required(Headers headers, String name, String problem) {
    String value = headers.getFirst(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(problem);
    }
    return value.trim();
  }

  @Override
  public String toString() {
    return "NodeIdentity[info=" + info + ", password=--redacted--]";
  }
}
