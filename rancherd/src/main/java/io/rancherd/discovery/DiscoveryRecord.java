package io.rancherd.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rancherd.fs.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code discovery.json} in the data dir: this node's discovery id (kept across attempts and
 * reboots), the decision once made (a later attempt resumes it instead of electing again), and
 * the latest view for {@code rancherd status}. Holds no secret.
 */
public record DiscoveryRecord(String id, Optional<Decision> decision, Optional<View> view) {

  public static final String FILE = "discovery.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the node saw in its latest round. */
  public record View(Instant time, String reason, List<PeerAddress> seen, List<PeerAddress> agreeing,
      List<PeerAddress> awaited) {

    public View {
      seen = List.copyOf(seen);
      agreeing = List.copyOf(agreeing);
      awaited = List.copyOf(awaited);
    }
  }

  public DiscoveryRecord withView(View newView) {
    return new DiscoveryRecord(id, decision, Optional.of(newView));
  }

  public DiscoveryRecord withDecision(Decision newDecision) {
    return new DiscoveryRecord(id, Optional.of(newDecision), view);
  }

  public static Optional<DiscoveryRecord> read(Path dataDir) {
    Path file = dataDir.resolve(FILE);
    try {
      if (!Files.isRegularFile(file)) {
        return Optional.empty();
      }
      JsonNode doc = JSON.readTree(Files.readAllBytes(file));
      return Optional.of(new DiscoveryRecord(doc.path("id").asText(), decision(doc), view(doc.path("view"))));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  public void write(Path dataDir) throws IOException {
    ObjectNode doc = JSON.createObjectNode();
    doc.put("id", id);
    decision.ifPresent(d -> {
      if (d instanceof Decision.Join join) {
        doc.put("decision", "join");
        doc.put("leader", join.leader().text());
        doc.put("why", join.why());
      } else if (d instanceof Decision.Initialize init) {
        doc.put("decision", "initialize");
        addresses(doc.putArray("agreed"), init.agreed());
      }
    });
    view.ifPresent(v -> {
      ObjectNode node = doc.putObject("view");
      node.put("time", v.time().toString());
      node.put("reason", v.reason());
      addresses(node.putArray("seen"), v.seen());
      addresses(node.putArray("agreeing"), v.agreeing());
      addresses(node.putArray("awaited"), v.awaited());
    });
    AtomicFiles.writePrivate(dataDir.resolve(FILE), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(doc));
  }

  private static void addresses(ArrayNode array, List<PeerAddress> addresses) {
    addresses.forEach(a -> array.add(a.text()));
  }

  private static Optional<Decision> decision(JsonNode doc) {
    return switch (doc.path("decision").asText()) {
      case "join" -> Optional.of(new Decision.Join(PeerAddress.parse(doc.path("leader").asText()),
          doc.path("why").asText()));
      case "initialize" -> Optional.of(new Decision.Initialize(list(doc.path("agreed"))));
      default -> Optional.empty();
    };
  }

  private static Optional<View> view(JsonNode node) {
    if (!node.isObject()) {
      return Optional.empty();
    }
    return Optional.of(new View(Instant.parse(node.path("time").asText()), node.path("reason").asText(),
        list(node.path("seen")), list(node.path("agreeing")), list(node.path("awaited"))));
  }

  private static List<PeerAddress> list(JsonNode array) {
    List<PeerAddress> list = new ArrayList<>();
    array.forEach(a -> list.add(PeerAddress.parse(a.asText())));
    return list;
  }
}
