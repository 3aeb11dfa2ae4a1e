package io.rancherd.discovery;

import io.rancherd.error.Causes;
import io.rancherd.join.CaBundle;
import io.rancherd.join.CacertsClient;
import java.io.IOException;
import java.util.Optional;

/**
 * Whether a host that answers like Rancher (HTTP 200 from {@code /cacerts}, no rancherd id) belongs
 * to this cluster. Anyone can answer that way, and Rancher's own handshake cannot vouch for the
 * runtime's CA (docs/rancher-and-join.md §3.6), so such an answer decides nothing by itself
 * (docs/discovery.md §10): only when the CA is pinned (the hash in a {@code K10} token, or {@code
 * caChecksum}) and the runtime supervisor on that host serves exactly that CA does discovery follow
 * it. Otherwise the host is ignored, and named.
 */
final class RancherCheck {

  /**
   * What verifies a Rancher-looking host.
   *
   * @param caHash the CA hash the token or {@code caChecksum} pins, if any
   * @param supervisorPort where the runtime's supervisor listens on a cluster's servers
   */
  record Pin(Optional<String> caHash, int supervisorPort) {}

  private final Optional<String> caPin;
  private final int supervisorPort;
  private final CacertsClient client;

  RancherCheck(Pin pin, CacertsClient client) {
    this.caPin = pin.caHash();
    this.supervisorPort = pin.supervisorPort();
    this.client = client;
  }

  /** What a Rancher-looking answer of {@code peer} counts as. */
  Poll verify(PeerAddress peer) {
    if (caPin.isEmpty()) {
      return new Poll.Rejected(
          "it answers like Rancher (HTTP 200 without a rancherd id), but nothing proves that it "
              + "belongs to this cluster; to let discovery join a running cluster, give the "
              + "K10 token `rancherd get-token` prints on one of its servers, or set caChecksum");
    }
    String supervisor = peer.url(supervisorPort);
    CacertsClient.Answer answer;
    try {
      answer = client.unverified(supervisor);
    } catch (IOException e) {
      return new Poll.Failed(
          "it answers like Rancher, but its supervisor "
              + supervisor
              + " does not answer: "
              + Causes.describe(e));
    }
    if (!answer.servesCa()) {
      return new Poll.Failed(
          "it answers like Rancher, but its supervisor "
              + supervisor
              + " serves no CA (HTTP "
              + answer.status()
              + ")");
    }
    CaBundle bundle = CaBundle.of(answer.body());
    if (!bundle.matches(caPin.get())) {
      return new Poll.Rejected(
          "it answers like Rancher, but the CA its supervisor "
              + supervisor
              + " serves (sha256 "
              + bundle.hash()
              + ") is not the one the token or caChecksum pins");
    }
    return new Poll.Rancher();
  }
}
