package io.rancherd.runtime;

import java.net.URI;

/**
 * Maps the {@code server} URL users write to the runtime supervisor URL a node joins. The forms
 * {@code https://host:8443} (a Rancher URL, as in rancherd's docs), {@code https://host:443},
 * {@code https://host}, {@code https://host:6443} and {@code https://host:9345} all mean "the
 * supervisor of that host": {@code https://host:6443} for k3s, {@code https://host:9345} for RKE2.
 * Any other port is kept (a supervisor behind a load balancer on its own port).
 */
public final class Supervisor {

  private Supervisor() {}

  public static String url(String server, Runtime runtime) {
    URI uri = URI.create(server);
    int port = uri.getPort();
    boolean known = port == -1 || port == 443 || port == 8443 || port == 6443 || port == 9345;
    int target = known ? runtime.supervisorPort() : port;
    return "https://" + uri.getHost() + ":" + target;
  }
}
