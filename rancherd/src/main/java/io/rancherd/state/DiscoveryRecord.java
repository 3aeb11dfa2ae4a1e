package io.rancherd.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code discovery.json} in the data dir: this node's discovery id (kept across attempts and
 * reboots), the decision once made (a later attempt resumes it instead of electing again), and the
 * latest view for {@code rancherd status}. Peers are IP address literals. Holds no secret.
 */
public record DiscoveryRecord(String id, Optional<Decided> decision, Optional<View> view) {

  public static final String FILE = "discovery.json";

  /** What the election decided. */
  public sealed interface Decided {

    /** A line for the log and for {@code rancherd status}. */
    String describe();
  }

  /** This node initializes the cluster; {@code agreed} are the servers that agreed on it. */
  public record Initialize(List<String> agreed) implements Decided {

    public Initialize {
      agreed = List.copyOf(agreed);
    }

    @Override
    public String describe() {
      String servers = list(agreed);
      return "this node initializes the cluster: "
          + (agreed.size() == 1
              ? "it is the only server (" + servers + ")"
              : "it comes first of the " + agreed.size() + " servers that agree (" + servers + ")");
    }
  }

  /** This node joins the cluster that {@code leader} initializes (or runs already). */
  public record Join(String leader, String why) implements Decided {

    @Override
    public String describe() {
      return "this node joins " + leader + ": " + why;
    }
  }

  /** What the node saw in its latest round, and why it has not decided. */
  @JsonPropertyOrder({"time", "reason", "seen", "agreeing", "awaited"})
  public record View(
      @JsonProperty("time") String time,
      @JsonProperty("reason") String reason,
      @JsonProperty("seen") List<String> seen,
      @JsonProperty("agreeing") List<String> agreeing,
      @JsonProperty("awaited") List<String> awaited) {

    public View {
      seen = List.copyOf(seen);
      agreeing = List.copyOf(agreeing);
      awaited = List.copyOf(awaited);
    }
  }

  /** "10.0.0.5, 10.0.0.6", or "none". */
  public static String list(List<String> peers) {
    return peers.isEmpty() ? "none" : String.join(", ", peers);
  }

  public DiscoveryRecord withView(View newView) {
    return new DiscoveryRecord(id, decision, Optional.of(newView));
  }

  public DiscoveryRecord withDecision(Decided newDecision) {
    return new DiscoveryRecord(id, Optional.of(newDecision), view);
  }

  static Optional<DiscoveryRecord> read(Path dataDir) {
    return StateJson.read(dataDir.resolve(FILE), Stored.class).map(Stored::record);
  }

  void write(Path dataDir) throws IOException {
    StateJson.write(dataDir, dataDir.resolve(FILE), Stored.of(this));
  }

  /**
   * The file's form: the decision flattened into {@code decision} (join or initialize) and its
   * fields.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"id", "decision", "leader", "why", "agreed", "view"})
  record Stored(
      @JsonProperty("id") String id,
      @JsonProperty("decision") String decision,
      @JsonProperty("leader") String leader,
      @JsonProperty("why") String why,
      @JsonProperty("agreed") List<String> agreed,
      @JsonProperty("view") View view) {

    static Stored of(DiscoveryRecord record) {
      View view = record.view().orElse(null);
      if (record.decision().orElse(null) instanceof Join join) {
        return new Stored(record.id(), "join", join.leader(), join.why(), null, view);
      }
      if (record.decision().orElse(null) instanceof Initialize init) {
        return new Stored(record.id(), "initialize", null, null, init.agreed(), view);
      }
      return new Stored(record.id(), null, null, null, null, view);
    }

    DiscoveryRecord record() {
      Optional<Decided> decided =
          switch (decision == null ? "" : decision) {
            case "join" -> Optional.of(new Join(leader, why == null ? "" : why));
            case "initialize" -> Optional.of(new Initialize(agreed == null ? List.of() : agreed));
            default -> Optional.empty();
          };
      return new DiscoveryRecord(id == null ? "" : id, decided, Optional.ofNullable(view));
    }
  }
}
