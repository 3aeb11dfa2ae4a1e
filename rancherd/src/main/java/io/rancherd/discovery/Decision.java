package io.rancherd.discovery;

import java.util.List;

/** What one round of the election concludes. */
public sealed interface Decision {

  /** A line for the log and for {@code rancherd status}. */
  String describe();

  /** This node initializes the cluster; {@code agreed} are the servers that agreed on it. */
  record Initialize(List<PeerAddress> agreed) implements Decision {

    public Initialize {
      agreed = List.copyOf(agreed);
    }

    @Override
    public String describe() {
      String servers = PeerAddress.join(agreed);
      return "this node initializes the cluster: " + (agreed.size() == 1 ? "it is the only server (" + servers + ")"
          : "it comes first of the " + agreed.size() + " servers that agree (" + servers + ")");
    }
  }

  /** This node joins the cluster that {@code leader} initializes (or runs already). */
  record Join(PeerAddress leader, String why) implements Decision {

    @Override
    public String describe() {
      return "this node joins " + leader + ": " + why;
    }
  }

  /**
   * No decision yet, and why.
   *
   * @param seen the servers counted, this node included
   * @param agreeing the servers whose peer list equals this node's
   * @param awaited the servers this node waits for (no answer, another list, or the one to initialize)
   */
  record Wait(String reason, List<PeerAddress> seen, List<PeerAddress> agreeing, List<PeerAddress> awaited)
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
