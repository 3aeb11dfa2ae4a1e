package io.rancherd.doctor;

import io.rancherd.proxy.EnvProxySelector;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.stream.Collectors;

/** Whether the host of the server URL resolves. */
final class DnsCheck implements Check {

  static final String NAME = "dns";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Finding run(DoctorContext context, Findings earlier) {
    if (context.supervisor().isEmpty()) {
      return Finding.skip(NAME, context.whyNotJoining());
    }
    String host = Endpoint.host(context.supervisor().get());
    if (EnvProxySelector.isAddress(host)) {
      return Finding.pass(NAME, host + " is an IP address: no lookup needed");
    }
    try {
      List<InetAddress> addresses = context.resolver().resolve(host);
      return Finding.pass(
          NAME,
          host
              + " resolves to "
              + addresses.stream()
                  .map(InetAddress::getHostAddress)
                  .collect(Collectors.joining(", ")));
    } catch (UnknownHostException e) {
      return Finding.fail(
          NAME,
          "cannot resolve " + host + ": " + cause(e, host),
          "check server in the config and the name servers in /etc/resolv.conf, or use the server's IP address");
    }
  }

  private static String cause(UnknownHostException e, String host) {
    String message =
        e.getMessage() == null || e.getMessage().equals(host) ? "unknown host" : e.getMessage();
    return message.startsWith(host + ": ") ? message.substring(host.length() + 2) : message;
  }
}
