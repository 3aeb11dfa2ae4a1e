package io.rancherd.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rancherd.testing.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Many boot schedules of real {@link Discovery} instances on a simulated network that loses mDNS
 * answers and poll answers, driven by one fake clock in a single-threaded event loop. Every run is
 * reproducible from its seed: {@code -Delection.seed=<seed>} runs that one schedule only, and
 * {@code -Delection.runs=<count>} runs seeds 1 to count.
 */
class ElectionSimulationTest {

  static final int RUNS = 2000;
  static final double SEEN = 0.7;
  static final double ANSWER_LOST = 0.1;
  static final Duration CACHE = Duration.ofSeconds(60);
  static final long HORIZON = Duration.ofMinutes(5).toMillis();
  static final long NEVER = Long.MAX_VALUE;

  /**
   * One node's part in a schedule; {@code dieAt} is when it drops out if it has not decided by
   * then.
   */
  record NodePlan(PeerAddress address, long bootAt, long dieAt, boolean intruder) {

    String describe() {
      return address
          + (intruder ? " (another token)" : "")
          + " boots at "
          + seconds(bootAt)
          + (dieAt == NEVER ? "" : ", dies at " + seconds(dieAt) + " unless decided by then");
    }
  }

  /**
   * A schedule: the expected count and the nodes; the network's losses follow from the seed too.
   */
  record Plan(long seed, int expected, List<NodePlan> nodes) {

    static Plan random(long seed) {
      Random random = new Random(seed);
      int expected = 1 + random.nextInt(5);
      int servers = expected + random.nextInt(4);
      boolean intruder = random.nextInt(10) < 3;
      List<PeerAddress> addresses = addresses(random, servers + (intruder ? 1 : 0));
      long stagger = List.of(2_000L, 10_000L, 30_000L).get(random.nextInt(3));
      int dropout = random.nextInt(10) < 3 ? random.nextInt(servers) : -1;
      List<NodePlan> nodes = new ArrayList<>();
      for (int i = 0; i < addresses.size(); i++) {
        long bootAt = (long) (random.nextDouble() * stagger);
        long dieAt = i == dropout ? bootAt + 500 + random.nextInt(5_000) : NEVER;
        nodes.add(new NodePlan(addresses.get(i), bootAt, dieAt, i == servers));
      }
      return new Plan(seed, expected, List.copyOf(nodes));
    }

    /**
     * Distinct 10.0.0.x addresses, so that one- two- and three-digit hosts mix (9 before 10 before
     * 100).
     */
    static List<PeerAddress> addresses(Random random, int count) {
      List<Integer> hosts = new ArrayList<>();
      for (int host = 1; host < 255; host++) {
        hosts.add(host);
      }
      Collections.shuffle(hosts, random);
      return hosts.subList(0, count).stream().map(h -> PeerAddress.parse("10.0.0." + h)).toList();
    }

    String describe() {
      return "seed "
          + seed
          + ": expectedServers "
          + expected
          + ", "
          + nodes.stream().filter(n -> !n.intruder()).count()
          + " servers (each seen with chance "
          + SEEN
          + " per round, answers lost with chance "
          + ANSWER_LOST
          + ", cache "
          + CACHE.toSeconds()
          + " s)\n  "
          + nodes.stream().map(NodePlan::describe).collect(Collectors.joining("\n  "));
    }
  }

  /**
   * What a run showed: broken invariants, the trace to read them with, and some numbers for
   * coverage.
   */
  record Outcome(
      Plan plan,
      List<String> violations,
      List<String> trace,
      boolean droppedOut,
      boolean livenessChecked,
      long allDecidedAt) {

    String headline() {
      return "seed "
          + plan.seed()
          + " (expectedServers "
          + plan.expected()
          + ", "
          + plan.nodes().stream().filter(n -> !n.intruder()).count()
          + " servers): "
          + String.join("; ", violations);
    }

    String describe() {
      return plan.describe()
          + "\nviolations:\n  "
          + String.join("\n  ", violations)
          + "\ntrace:\n  "
          + String.join("\n  ", trace)
          + "\nrerun alone with -Delection.seed="
          + plan.seed();
    }
  }

  @FunctionalInterface
  interface Step {
    void run() throws InterruptedException;
  }

  record Event(long at, long order, Step step) {}

  /** A node of the simulation: its plan, its discovery, and whether it is up. */
  static final class Node {
    final NodePlan plan;
    Discovery discovery;
    boolean booted;
    boolean dead;
    long decidedAt;
    String lastLine = "";

    Node(NodePlan plan) {
      this.plan = plan;
    }

    boolean up() {
      return booted && !dead;
    }

    boolean good() {
      return !plan.intruder();
    }
  }

  /**
   * One node's view of the network: what mDNS shows it, and what the peers' join servers answer it.
   */
  record Link(Simulation sim, int index) implements PeerSource, Poller {

    @Override
    public Set<PeerAddress> seen() {
      return sim.seenBy();
    }

    @Override
    public Map<PeerAddress, Poll> poll(Collection<PeerAddress> peers) {
      Map<PeerAddress, Poll> polls = new HashMap<>();
      peers.forEach(p -> polls.put(p, sim.poll(sim.nodes.get(index), p)));
      return polls;
    }

    @Override
    public String describe() {
      return "simulated mDNS";
    }
  }

  /**
   * One run: an event queue over a fake clock; checks the invariants as decisions are made and at
   * the end.
   */
  static final class Simulation {
    final Plan plan;
    final Random random;
    final FakeClock clock = new FakeClock();
    final List<Node> nodes = new ArrayList<>();
    final Map<PeerAddress, Node> byAddress = new HashMap<>();
    final PriorityQueue<Event> queue =
        new PriorityQueue<>(
            (a, b) ->
                a.at() != b.at()
                    ? Long.compare(a.at(), b.at())
                    : Long.compare(a.order(), b.order()));
    final List<String> trace = new ArrayList<>();
    final List<String> violations = new ArrayList<>();
    long now;
    long order;
    boolean droppedOut;

    Simulation(Plan plan) {
      this.plan = plan;
      this.random = new Random(plan.seed() ^ 0x5DEECE66DL);
      for (NodePlan p : plan.nodes()) {
        Node node = new Node(p);
        Link link = new Link(this, nodes.size());
        node.discovery =
            new Discovery(
                new Discovery.Identity(p.address(), "id-" + p.address(), true),
                plan.expected(),
                CACHE,
                link,
                link,
                clock,
                line -> log(node, "notice: " + line));
        nodes.add(node);
        byAddress.put(p.address(), node);
      }
    }

    Outcome run() throws InterruptedException {
      nodes.forEach(n -> at(n.plan.bootAt(), () -> boot(n)));
      nodes.stream()
          .filter(n -> n.plan.dieAt() != NEVER)
          .forEach(n -> at(n.plan.dieAt(), () -> die(n)));
      while (!queue.isEmpty() && queue.peek().at() <= HORIZON && !settled()) {
        Event event = queue.poll();
        clock.advance(Duration.ofMillis(event.at() - now));
        now = event.at();
        event.step().run();
      }
      checkAtTheEnd();
      return new Outcome(
          plan,
          List.copyOf(violations),
          List.copyOf(trace),
          droppedOut,
          livenessExpected(),
          allDecidedAt());
    }

    void at(long time, Step step) {
      queue.add(new Event(time, order++, step));
    }

    void boot(Node node) {
      node.booted = true;
      log(node, "boots");
      at(now, () -> round(node));
    }

    void die(Node node) {
      if (node.discovery.decided().isPresent()) {
        log(node, "stays: it decided before its time to drop out");
        return;
      }
      node.dead = true;
      droppedOut = true;
      log(node, "drops out for good");
    }

    void round(Node node) throws InterruptedException {
      if (node.dead) {
        return;
      }
      Decision decision = node.discovery.round();
      if (!decision.describe().equals(node.lastLine)) {
        node.lastLine = decision.describe();
        log(node, decision.describe());
      }
      if (decision instanceof Decision.Wait) {
        at(now + 800 + random.nextInt(401), () -> round(node));
      } else {
        decided(node, decision);
      }
    }

    void decided(Node node, Decision decision) {
      node.decidedAt = now;
      if (decision instanceof Decision.Initialize) {
        at(now + 20_000 + random.nextInt(40_000), () -> ready(node));
      } else if (decision instanceof Decision.Join join && node.good()) {
        checkJoin(node, join);
      }
    }

    void ready(Node node) {
      node.discovery.ready();
      log(node, "its runtime is up: ready");
    }

    Set<PeerAddress> seenBy() {
      Set<PeerAddress> seen = new HashSet<>();
      nodes.stream()
          .filter(Node::up)
          .filter(n -> random.nextDouble() < SEEN)
          .forEach(n -> seen.add(n.plan.address()));
      return seen;
    }

    Poll poll(Node asker, PeerAddress peer) {
      Node target = byAddress.get(peer);
      if (!target.up()) {
        return new Poll.Failed("connection refused");
      }
      if (random.nextDouble() < ANSWER_LOST) {
        return new Poll.Failed("timeout");
      }
      if (asker.plan.intruder() != target.plan.intruder()) {
        return new Poll.Rejected("it does not hold this cluster's token");
      }
      return new Poll.Answered(target.discovery.report());
    }

    /**
     * The guarantee behind a Join: its leader decided Initialize already (a follower passes its
     * leader on).
     */
    void checkJoin(Node node, Decision.Join join) {
      Node leader = byAddress.get(join.leader());
      boolean initialized =
          leader != null
              && leader.good()
              && leader
                  .discovery
                  .decided()
                  .filter(d -> d instanceof Decision.Initialize)
                  .isPresent();
      if (!initialized) {
        violations.add(
            node.plan.address()
                + " joins "
                + join.leader()
                + ", which has not decided to initialize");
      }
    }

    void checkAtTheEnd() {
      List<Node> initializers =
          good()
              .filter(n -> n.discovery.decided().orElse(null) instanceof Decision.Initialize)
              .toList();
      if (initializers.size() > 1) {
        violations.add(
            "two clusters: "
                + initializers.stream()
                    .map(n -> n.plan.address().text())
                    .collect(Collectors.joining(" and "))
                + " both initialize");
      }
      checkIntruderLeftOut();
      if (livenessExpected() || !initializers.isEmpty()) {
        checkEveryoneDecided(initializers);
      }
    }

    /**
     * A node with another token is never agreed with nor joined (it may be listed until its first
     * answer).
     */
    void checkIntruderLeftOut() {
      nodes.stream()
          .filter(n -> n.plan.intruder())
          .forEach(
              intruder ->
                  good()
                      .forEach(
                          n -> {
                            if (n.discovery
                                .decided()
                                .filter(d -> names(d, intruder.plan.address()))
                                .isPresent()) {
                              violations.add(
                                  n.plan.address()
                                      + " decided with "
                                      + intruder.plan.address()
                                      + ", which has another token: "
                                      + n.lastLine);
                            }
                          }));
    }

    static boolean names(Decision decision, PeerAddress peer) {
      return decision instanceof Decision.Initialize i
          ? i.agreed().contains(peer)
          : decision instanceof Decision.Join j && j.leader().equals(peer);
    }

    /** Liveness: within the horizon, one node initializes and every other good node up joins. */
    void checkEveryoneDecided(List<Node> initializers) {
      if (initializers.isEmpty()) {
        violations.add(
            "no node initializes within "
                + seconds(HORIZON)
                + " though "
                + good().filter(Node::up).count()
                + " servers are up and "
                + plan.expected()
                + " expected");
      }
      good()
          .filter(Node::up)
          .filter(n -> n.discovery.decided().isEmpty())
          .forEach(
              n ->
                  violations.add(
                      n.plan.address()
                          + " has not decided within "
                          + seconds(HORIZON)
                          + ": "
                          + n.lastLine));
    }

    boolean livenessExpected() {
      return good().filter(n -> !n.dead).count() >= plan.expected();
    }

    /** Every good node up has decided: nothing can change any more. */
    boolean settled() {
      return good().allMatch(n -> n.dead || (n.booted && n.discovery.decided().isPresent()));
    }

    long allDecidedAt() {
      return good().filter(n -> !n.dead).mapToLong(n -> n.decidedAt).max().orElse(0);
    }

    Stream<Node> good() {
      return nodes.stream().filter(Node::good);
    }

    void log(Node node, String line) {
      trace.add(seconds(now) + " " + node.plan.address() + ": " + line);
    }
  }

  static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.3f s", millis / 1000.0);
  }

  static LongStream seeds() {
    Long one = Long.getLong("election.seed");
    return one == null
        ? LongStream.rangeClosed(1, Long.getLong("election.runs", RUNS))
        : LongStream.of(one);
  }

  /**
   * The outcomes of {@code seeds}, in seed order. Each simulation is independent (its own clock,
   * network and random source), so they run on every core.
   */
  static List<Outcome> simulate(LongStream seeds) {
    return seeds
        .parallel()
        .mapToObj(seed -> OUTCOMES.computeIfAbsent(seed, ElectionSimulationTest::simulate))
        .toList();
  }

  /** A seed's outcome never changes: both tests share the simulations they have in common. */
  private static final Map<Long, Outcome> OUTCOMES = new ConcurrentHashMap<>();

  static Outcome simulate(long seed) {
    try {
      return new Simulation(Plan.random(seed)).run();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("simulation of seed " + seed + " interrupted", e);
    }
  }

  @Test
  void manySchedules_oneNodeInitializesAndEveryOtherServerJoinsIt() {
    List<Outcome> outcomes = simulate(seeds());
    List<Outcome> failed = outcomes.stream().filter(o -> !o.violations().isEmpty()).toList();
    System.out.println(summary(outcomes, failed));

    assertEquals(
        List.of(),
        failed.stream().map(o -> o.plan().seed()).toList(),
        () ->
            failed.size()
                + " of "
                + outcomes.size()
                + " runs break an invariant:\n  "
                + failed.stream().map(Outcome::headline).collect(Collectors.joining("\n  "))
                + "\nthe first one:\n"
                + failed.get(0).describe());
  }

  @Test
  void manySchedules_coverDropoutsIntrudersAndLateBoots() {
    List<Outcome> outcomes = simulate(LongStream.rangeClosed(1, 200));

    assertTrue(
        outcomes.stream().filter(Outcome::droppedOut).count() >= 20,
        "peers drop out before deciding");
    assertTrue(
        outcomes.stream()
                .filter(o -> o.plan().nodes().stream().anyMatch(NodePlan::intruder))
                .count()
            >= 20,
        "a node with another token is on the network");
    assertTrue(
        outcomes.stream().filter(o -> o.droppedOut() && o.allDecidedAt() > CACHE.toMillis()).count()
            >= 10,
        "some runs only settle once a dead peer left the caches");
  }

  static String summary(List<Outcome> outcomes, List<Outcome> failed) {
    return String.format(
        Locale.ROOT,
        "election simulation: %d runs, %d with a peer dropping out undecided, %d with a "
            + "node of another token, %d checked for liveness, all settled within %s; %d broke an invariant%s",
        outcomes.size(),
        outcomes.stream().filter(Outcome::droppedOut).count(),
        outcomes.stream()
            .filter(o -> o.plan().nodes().stream().anyMatch(NodePlan::intruder))
            .count(),
        outcomes.stream().filter(Outcome::livenessChecked).count(),
        seconds(outcomes.stream().mapToLong(Outcome::allDecidedAt).max().orElse(0)),
        failed.size(),
        failed.isEmpty()
            ? ""
            : ": seeds "
                + failed.stream()
                    .map(o -> Long.toString(o.plan().seed()))
                    .collect(Collectors.joining(" ")));
  }
}
