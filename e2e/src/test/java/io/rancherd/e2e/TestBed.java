package io.rancherd.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.testcontainers.containers.Network;

/**
 * One scenario's nodes on one user-defined Docker network. Nodes start concurrently; {@link
 * #close()} removes every container and the network (Ryuk is disabled here, so nothing else would).
 */
final class TestBed implements AutoCloseable {

  private final String image;
  private final Network network;
  private final Secrets secrets = new Secrets();
  private final List<Node> nodes = new ArrayList<>();

  private TestBed(String image, Network network) {
    this.image = image;
    this.network = network;
  }

  /**
   * A bed for one scenario: skips (or fails, in CI) without Docker; builds the node image when
   * missing.
   */
  static TestBed open() {
    DockerEngine.assumeAvailable();
    return new TestBed(NodeImage.ensure(), Network.newNetwork());
  }

  /**
   * A bed whose network is {@code internal}: Docker forwards nothing between it and any other
   * network or out of the host, so its nodes reach each other, the containers the test puts on it
   * and the host's own addresses, and no internet.
   */
  static TestBed openIsolated() {
    DockerEngine.assumeAvailable();
    return new TestBed(
        NodeImage.ensure(),
        Network.builder().createNetworkCmdModifier(create -> create.withInternal(true)).build());
  }

  /** The scenario's Docker network, for containers other than nodes (a registry). */
  Network network() {
    return network;
  }

  /** Whether Docker created the network {@code internal} (see {@link #openIsolated()}). */
  boolean isolated() {
    return Boolean.TRUE.equals(
        LocalImages.client()
            .inspectNetworkCmd()
            .withNetworkId(network.getId())
            .exec()
            .getInternal());
  }

  /** The node image, for images built on it. */
  String image() {
    return image;
  }

  Secrets secrets() {
    return secrets;
  }

  /** A node of this bed, of the node image, not started yet. */
  Node node(String name) {
    return node(name, image);
  }

  /**
   * A node of this bed, of {@code nodeImage} (an image built on the node image), not started yet.
   */
  Node node(String name, String nodeImage) {
    Node node = new Node(nodeImage, name, network, secrets);
    nodes.add(node);
    return node;
  }

  /** Starts the nodes together and waits until each has booted. */
  void boot(Node... toBoot) {
    List<CompletableFuture<Void>> starts = new ArrayList<>();
    for (Node node : toBoot) {
      starts.add(CompletableFuture.runAsync(node::start));
    }
    CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).join();
    for (Node node : toBoot) {
      node.awaitBooted();
    }
  }

  /** The diagnostics of every node, for a failure message. */
  String diagnostics() {
    return nodes.stream().map(Node::diagnostics).collect(Collectors.joining("\n"));
  }

  @Override
  public void close() {
    for (Node node : nodes) {
      try {
        node.close();
      } catch (RuntimeException e) {
        System.err.println("could not remove node " + node.name() + ": " + e);
      }
    }
    network.close();
  }
}
