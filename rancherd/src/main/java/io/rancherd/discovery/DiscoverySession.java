package io.rancherd.discovery;

import io.rancherd.config.DiscoveryConfig;
import io.rancherd.config.DiscoveryParams;
import io.rancherd.error.Causes;
import io.rancherd.join.CacertsHandshake;
import io.rancherd.join.PeerKey;
import io.rancherd.secret.Secret;
import io.rancherd.state.DiscoveryRecord;
import io.rancherd.state.NodeState;
import io.rancherd.wait.CheckResult;
import io.rancherd.wait.Sleeper;
import io.rancherd.wait.WaitLoop;
import java.io.IOException;
import java.net.BindException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Discovery as the bootstrap runs it: opens this node's join server (servers only), its mDNS
 * announcer and browser (or the static list), runs rounds until the election decides, and, for a
 * follower, waits until the leader is ready. The session stays open while the bootstrap runs, so
 * the initializing node keeps answering late nodes and vouches for its runtime's CA once it is up.
 * The decision is kept in {@code discovery.json}: a later attempt resumes it.
 */
public final class DiscoverySession implements AutoCloseable {

  /**
   * What discovery needs from the configuration.
   *
   * @param caPin the CA hash the token or {@code caChecksum} pins, if any: what lets discovery
   *     follow a host that answers like Rancher
   * @param supervisorPort where the runtime's supervisor listens on a cluster's servers
   */
  public record Options(
      DiscoveryConfig config,
      Secret token,
      int port,
      boolean server,
      NodeState state,
      Duration leaderWait,
      Optional<String> caPin,
      int supervisorPort) {}

  /**
   * What discovery found: the decision, and for a follower of a rancherd leader, the leader's join
   * server (which vouches for the runtime's CA); empty when Rancher answered there instead.
   */
  public record Outcome(Decision decision, Optional<String> joinServerUrl) {}

  /** Where log lines go: progress and decisions, and one-time notices (ignored peers). */
  public record Output(Consumer<String> info, Consumer<String> notice) {}

  /**
   * The longest pause between two rounds: rounds run when something changes (a peer seen, lost or
   * changed in mDNS, a peer's poll saying its view changed), and at the latest this long after the
   * previous one.
   */
  static final Duration ROUND_INTERVAL = Duration.ofMillis(500);

  /** The pause before the round that confirms an agreed list (rule 8 of {@link Election}). */
  static final Duration CONFIRM_INTERVAL = Duration.ofMillis(100);

  /** The shortest pause between two rounds, however many changes are reported. */
  static final Duration MIN_PAUSE = Duration.ofMillis(20);

  static final Duration POLL_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

  private final Options options;
  private final Clock clock;
  private final WaitLoop loop;
  private final Sleeper sleeper;
  private final Output output;
  private final PeerSource source;
  private final HttpPoller poller;
  private final Discovery discovery;
  private final ReadyWatch ready;
  private JoinServer joinServer;
  private DiscoveryRecord record;
  private String lastReason = "";
  private boolean confirming;
  private final Object wake = new Object();
  private boolean changed;

  private DiscoverySession(
      Options options,
      Clock clock,
      Sleeper sleeper,
      Output output,
      PeerSource source,
      HttpPoller poller,
      Discovery discovery,
      DiscoveryRecord record) {
    this.options = options;
    this.clock = clock;
    this.loop = new WaitLoop(clock, sleeper, output.info());
    this.sleeper = sleeper;
    this.output = output;
    this.source = source;
    this.poller = poller;
    this.discovery = discovery;
    this.record = record;
    this.ready = new ReadyWatch(discovery, output.info());
  }

  public static DiscoverySession open(
      Options options, Clock clock, Sleeper sleeper, Supplier<SecureRandom> random, Output output)
      throws DiscoveryException {
    DiscoveryParams params = options.config().peers();
    DiscoveryRecord record =
        options
            .state()
            .discovery()
            .filter(Decision::readable)
            .orElseGet(
                () ->
                    new DiscoveryRecord(
                        CacertsHandshake.nonce(random.get()), Optional.empty(), Optional.empty()));
    PeerKey key = PeerKey.of(options.token());
    HttpPoller poller =
        new HttpPoller(
            options.port(),
            key,
            record.id(),
            random,
            POLL_TIMEOUT,
            new RancherCheck.Pin(options.caPin(), options.supervisorPort()));
    PeerSource source = null;
    JoinServer joinServer = null;
    try {
      // the join server first (its certificate is made in the background): a peer that sees this
      // node's announcement finds it listening
      AtomicReference<DiscoverySession> opened = new AtomicReference<>();
      joinServer = startJoinServer(options, key, random, clock, output, opened);
      LocalPeers.Found found =
          LocalPeers.open(params, record.id(), options.server(), options.port(), output.notice());
      PeerAddress self = found.self();
      source = found.source();
      Discovery discovery =
          new Discovery(
              new Discovery.Identity(self, record.id(), options.server()),
              options.config().expectedServers(),
              options.config().serverCacheDuration(),
              source,
              poller,
              clock,
              output.notice());
      record.decision().map(Decision::of).ifPresent(discovery::resume);
      DiscoverySession session =
          new DiscoverySession(options, clock, sleeper, output, source, poller, discovery, record);
      session.joinServer = joinServer;
      opened.set(session);
      if (joinServer != null) {
        joinServer.onPeerViewChange(session::wake);
      }
      source.onChange(session::wake);
      poller.tellView(discovery::viewDigest);
      output
          .info()
          .accept(
              "Discovering peers through "
                  + source.describe()
                  + " as "
                  + self
                  + ", join server port "
                  + options.port()
                  + " ("
                  + (options.server()
                      ? "server: takes part in the election, "
                          + options.config().expectedServers()
                          + " servers expected"
                      : "agent: waits for a server to initialize")
                  + ")");
      return session;
    } catch (IOException | DiscoveryException e) {
      Optional.ofNullable(source).ifPresent(PeerSource::close);
      Optional.ofNullable(joinServer).ifPresent(JoinServer::close);
      poller.close();
      if (e instanceof DiscoveryException d) {
        throw d;
      }
      throw new DiscoveryException("starting discovery: " + Causes.describe(e), e);
    }
  }

  private static JoinServer startJoinServer(
      Options options,
      PeerKey key,
      Supplier<SecureRandom> random,
      Clock clock,
      Output output,
      AtomicReference<DiscoverySession> session)
      throws DiscoveryException {
    if (!options.server()) {
      return null;
    }
    try {
      return JoinServer.start(
          options.port(),
          key,
          // the session's document once it exists; until then (mDNS is not open yet, so no peer
          // knows this node) there is none, and the server answers 503
          () -> Optional.ofNullable(session.get()).map(s -> s.discovery.report()).orElse(null),
          () -> Optional.ofNullable(session.get()).flatMap(s -> s.ready.ca()),
          output.notice(),
          random.get(),
          clock.instant());
    } catch (BindException e) {
      throw new DiscoveryException(
          "starting the join server on port " + options.port() + ": " + e.getMessage(),
          "stop what listens on port "
              + options.port()
              + " (a Rancher already running here?), or set "
              + "rancherValues.hostPort to a free port on every server");
    } catch (IOException e) {
      throw new DiscoveryException(
          "starting the join server on port " + options.port() + ": " + Causes.describe(e), e);
    }
  }

  /**
   * Runs rounds until the election decides (no time limit: servers may boot hours apart), then, for
   * a follower, waits until its leader is ready (up to {@link Options#leaderWait()}).
   */
  public Outcome decide() throws DiscoveryException, InterruptedException {
    Optional<Decision> earlier = discovery.decided();
    if (earlier.isPresent()) {
      output
          .info()
          .accept(
              "Discovery decided in an earlier attempt ("
                  + DiscoveryRecord.FILE
                  + "): "
                  + earlier.get().describe());
    } else {
      rounds();
      Decision decision = discovery.decided().orElseThrow();
      output.info().accept("Discovery decided: " + decision.describe());
      save(record.withDecision(Decision.recorded(decision)));
      if (decision instanceof Decision.Initialize) {
        tellPeers();
      }
    }
    Decision decision = discovery.decided().orElseThrow();
    if (decision instanceof Decision.Join join) {
      boolean rancher =
          new LeaderWait(poller, loop, output.info(), PROGRESS_EVERY, options.leaderWait())
              .await(join.leader());
      return new Outcome(
          decision, rancher ? Optional.empty() : Optional.of(join.leader().url(options.port())));
    }
    return new Outcome(decision, Optional.empty());
  }

  /**
   * Runs rounds until the election decides: at once when a change is reported ({@link #wake}), and
   * otherwise {@link #ROUND_INTERVAL} after the previous one ({@link #CONFIRM_INTERVAL} before a
   * confirming round); never more often than every {@link #MIN_PAUSE}. Logs progress every {@link
   * #PROGRESS_EVERY}.
   */
  private void rounds() throws DiscoveryException, InterruptedException {
    Instant start = clock.instant();
    Instant nextProgress = start.plus(PROGRESS_EVERY);
    while (true) {
      synchronized (wake) {
        changed = false;
      }
      CheckResult result = round();
      if (result.success()) {
        return;
      }
      Instant now = clock.instant();
      if (!now.isBefore(nextProgress)) {
        output
            .info()
            .accept(
                "waiting for "
                    + result.detail()
                    + ", "
                    + Duration.between(start, now).toSeconds()
                    + " s");
        nextProgress = now.plus(PROGRESS_EVERY);
      }
      sleeper.sleep(MIN_PAUSE);
      pause(confirming ? CONFIRM_INTERVAL : ROUND_INTERVAL);
    }
  }

  /** Waits until a change is reported or {@code max} has passed. */
  private void pause(Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    synchronized (wake) {
      while (!changed) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        TimeUnit.NANOSECONDS.timedWait(wake, left);
      }
    }
  }

  /** Something that may change the election's view happened: run a round now. */
  private void wake() {
    synchronized (wake) {
      changed = true;
      wake.notifyAll();
    }
  }

  /**
   * The initializing node polls its peers once more right after deciding: its poll carries its new
   * view (it initializes), so they run a round at once and find it, rather than at their next
   * round.
   */
  private void tellPeers() {
    List<PeerAddress> others =
        discovery.report().peers().stream()
            .filter(p -> !p.equals(discovery.self().address()))
            .toList();
    Thread teller =
        new Thread(
            () -> {
              try {
                poller.poll(others);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (RuntimeException e) {
                // the session closed meanwhile: the peers learn it at their next round
              }
            },
            "discovery-tell");
    teller.setDaemon(true);
    teller.start();
  }

  /** This node's address in discovery. */
  public PeerAddress self() {
    return discovery.self().address();
  }

  private CheckResult round() throws InterruptedException, DiscoveryException {
    Decision decision = discovery.round();
    if (!(decision instanceof Decision.Wait wait)) {
      return new CheckResult(true, decision.describe());
    }
    confirming = discovery.confirming();
    if (!wait.reason().equals(lastReason)) {
      lastReason = wait.reason();
      output.info().accept("Discovery: " + wait.reason());
      save(
          record.withView(
              new DiscoveryRecord.View(
                  clock.instant().toString(),
                  wait.reason(),
                  PeerAddress.texts(wait.seen()),
                  PeerAddress.texts(wait.agreeing()),
                  PeerAddress.texts(wait.awaited()))));
    }
    return new CheckResult(false, "discovery: " + wait.reason());
  }

  /** The initializing node's state turns ready once its own supervisor serves the runtime's CA. */
  public void readyWhenServed(String supervisorUrl) {
    ready.start(supervisorUrl);
  }

  /**
   * The initializing node, once bootstrapped, keeps its join server up until every agreed peer has
   * fetched the CA with the token, at most {@code max}.
   */
  public void linger(Duration max, Sleeper sleeper) throws InterruptedException {
    if (joinServer == null
        || !(discovery.decided().orElse(null) instanceof Decision.Initialize init)) {
      return;
    }
    List<String> awaited =
        init.agreed().stream()
            .filter(p -> !p.equals(discovery.self().address()))
            .map(PeerAddress::text)
            .toList();
    Instant deadline = clock.instant().plus(max);
    boolean told = false;
    while (!joinServer.caFetchedBy().containsAll(awaited) && clock.instant().isBefore(deadline)) {
      if (!told) {
        output
            .info()
            .accept(
                "Keeping the join server up until "
                    + String.join(
                        ", ",
                        awaited.stream()
                            .filter(a -> !joinServer.caFetchedBy().contains(a))
                            .toList())
                    + " have fetched the cluster's CA (at most "
                    + max.toSeconds()
                    + " s)");
        told = true;
      }
      sleeper.sleep(Duration.ofMillis(500));
    }
  }

  private void save(DiscoveryRecord updated) throws DiscoveryException {
    record = updated;
    try {
      options.state().saveDiscovery(record);
    } catch (IOException e) {
      throw new DiscoveryException(
          "writing " + options.state().shown(DiscoveryRecord.FILE) + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    ready.close();
    Optional.ofNullable(joinServer).ifPresent(JoinServer::close);
    source.close();
    poller.close();
  }
}
