package io.rancherd.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The peer document a join server answers: rancherd's {@code {"peers":[...]}} (so rancherd's field
 * keeps its meaning) plus the node's id, its state and, for a follower, the leader it joins.
 *
 * @param peers the addresses this node counts as servers, sorted, itself included
 */
record PeerReport(
    String id, PeerState state, List<PeerAddress> peers, Optional<PeerAddress> leader) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public PeerReport {
    peers = List.copyOf(peers);
  }

  public byte[] toJson() {
    ObjectNode doc = JSON.createObjectNode();
    ArrayNode list = doc.putArray("peers");
    peers.forEach(p -> list.add(p.text()));
    doc.put("id", id);
    doc.put("state", state.wire());
    leader.ifPresent(l -> doc.put("leader", l.text()));
    return (doc.toString() + "\n").getBytes(StandardCharsets.UTF_8);
  }

  /** Reads a peer document; {@code id} is the one of the answer's header. */
  public static PeerReport parse(byte[] body, String id) throws IOException {
    JsonNode doc = JSON.readTree(body);
    if (doc == null || !doc.isObject()) {
      throw new IOException("not a JSON object");
    }
    List<PeerAddress> peers = new ArrayList<>();
    for (JsonNode p : doc.path("peers")) {
      peers.add(address(p.asText()));
    }
    Optional<PeerAddress> leader =
        doc.hasNonNull("leader")
            ? Optional.of(address(doc.get("leader").asText()))
            : Optional.empty();
    return new PeerReport(
        id,
        PeerState.ofWire(doc.path("state").asText("discovering")),
        peers.stream().sorted().toList(),
        leader);
  }

  private static PeerAddress address(String text) throws IOException {
    try {
      return PeerAddress.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage(), e);
    }
  }
}
