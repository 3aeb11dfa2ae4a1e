package io.rancherd.discovery;

import io.rancherd.state.DiscoveryRecord;
import java.util.List;

/** What one round of the election concludes. */
public sealed interface Decision {

  /** A line for the log and for {@code rancherd status}. */
  String describe();

  /**
   * A decision as {@code discovery.json} keeps it, back as a decision.
   *
   * @throws IllegalArgumentException when the record names something that is not an IP address
   */
  static Decision of(DiscoveryRecord.Decided decided) {
    if (decided instanceof DiscoveryRecord.Join join) {
      return new Join(PeerAddress.parse(join.leader()), join.why());
    }
    return new Initialize(
        ((DiscoveryRecord.Initialize) decided).agreed().stream().map(PeerAddress::parse).toList());
  }

  /**
   * Whether the decision of a record can be read back; a record whose decision names no IP address
   * is not this build's: it is started afresh, as a torn one is.
   */
  static boolean readable(DiscoveryRecord record) {
    try {
      record.decision().ifPresent(Decision::of);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** A decision made by the election, as {@code discovery.json} keeps it. */
  static DiscoveryRecord.Decided recorded(Decision decision) {
    if (decision instanceof Join join) {
      return join.recorded();
    }
    if (decision instanceof Initialize init) {
      return init.recorded();
    }
    throw new IllegalArgumentException("not a decision: " + decision.describe());
  }

  /** This node initializes the cluster; {@code agreed} are the servers that agreed on it. */
  record Initialize(List<PeerAddress> agreed) implements Decision {

    public Initialize {
      agreed = List.copyOf(agreed);
    }

    @Override
    public String describe() {
      return recorded().describe();
    }

    /** As {@code discovery.json} keeps it. */
    DiscoveryRecord.Initialize recorded() {
      return new DiscoveryRecord.Initialize(PeerAddress.texts(agreed));
    }
  }

  /** This node joins the cluster that {@code leader} initializes (or runs already). */
  record Join(PeerAddress leader, String why) implements Decision {

    @Override
    public String describe() {
      return recorded().describe();
    }

    /** As {@code discovery.json} keeps it. */
    DiscoveryRecord.Join recorded() {
      return new DiscoveryRecord.Join(leader.text(), why);
    }
  }

  /**
   * No decision yet, and why.
   *
   * @param seen the servers counted, this node included
   * @param agreeing the servers whose peer list equals this node's
   * @param awaited the servers this node waits for (no answer, another list, or the one to
   *     initialize)
   */
  record Wait(
      String reason, List<PeerAddress> seen, List<PeerAddress> agreeing, List<PeerAddress> awaited)
      implements Decision {

    public Wait {
      seen = List.copyOf(seen);
      agreeing = List.copyOf(agreeing);
      awaited = List.copyOf(awaited);
    }

    @Override
    public String describe() {
      return reason;
    }
  }
}
