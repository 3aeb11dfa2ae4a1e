package io.rancherd.discovery;

import java.net.InetAddress;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import javax.jmdns.impl.DNSIncoming;
import javax.jmdns.impl.DNSTaskStarter;
import javax.jmdns.impl.JmDNSImpl;
import javax.jmdns.impl.ServiceInfoImpl;
import javax.jmdns.impl.tasks.RecordReaper;
import javax.jmdns.impl.tasks.Responder;
import javax.jmdns.impl.tasks.resolver.ServiceInfoResolver;
import javax.jmdns.impl.tasks.resolver.ServiceResolver;
import javax.jmdns.impl.tasks.resolver.TypeResolver;
import javax.jmdns.impl.tasks.state.Announcer;
import javax.jmdns.impl.tasks.state.Canceler;
import javax.jmdns.impl.tasks.state.Prober;
import javax.jmdns.impl.tasks.state.Renewer;

/**
 * JmDNS's tasks on RFC 6762's clock. JmDNS 3.6 probes a fresh instance 1 s apart (the pace it keeps
 * for a name in conflict: its prober checks "already announced" before taking the short interval,
 * which a new instance never is) and waits another second before its first announcement, so a node
 * was visible about 4 s after it opened mDNS. Here the first probe goes out 0-250 ms after the
 * start, the next two 250 ms apart (RFC 6762 §8.1), and the first announcement 250 ms after the
 * last probe (§8.3), the next ones 1 s apart; after ten probe starts within 5 s of each other
 * (names in conflict again and again) probes are 1 s apart, as JmDNS does (§8.1 asks for a slower
 * pace under repeated conflicts). A browse sends its first query 20-120 ms after it starts (§5.2),
 * not 225 ms. Everything else is JmDNS's own task, on timers of the same kind as its own.
 *
 * <p>Installed through JmDNS's documented hook, {@link DNSTaskStarter.Factory#setClassDelegate},
 * which applies to every JmDNS instance of the JVM (rancherd opens one).
 */
final class MdnsTiming implements DNSTaskStarter {

  static final long PROBE_INTERVAL_MILLIS = 250;
  static final long PROBE_THROTTLED_MILLIS = 1000;
  static final int PROBE_THROTTLE_COUNT = 10;
  static final long PROBE_THROTTLE_WINDOW_MILLIS = 5000;
  static final long ANNOUNCE_DELAY_MILLIS = 250;
  static final long ANNOUNCE_INTERVAL_MILLIS = 1000;
  static final long QUERY_INTERVAL_MILLIS = 225;
  static final long FIRST_REQUERY_MILLIS = 1000;
  static final long MAX_REQUERY_MILLIS = 60_000;

  /** JmDNS's resolvers send queries while their count is below 3: starting at 2 sends one. */
  private static final int ONE_QUERY = 2;

  private final JmDNSImpl dns;
  private final Timer timer;
  private final Timer stateTimer;

  private MdnsTiming(JmDNSImpl dns) {
    this.dns = dns;
    this.timer = new DNSTaskStarterImpl.StarterTimer("JmDNS(" + dns.getName() + ").Timer", true);
    // daemon as well (JmDNS's own is not): a bootstrap that fails must not be kept alive by it
    this.stateTimer =
        new DNSTaskStarterImpl.StarterTimer("JmDNS(" + dns.getName() + ").State.Timer", true);
  }

  /** Makes every JmDNS instance created from now on use these timings. */
  static void install() {
    if (!(DNSTaskStarter.Factory.classDelegate() instanceof Delegate)) {
      DNSTaskStarter.Factory.setClassDelegate(new Delegate());
    }
  }

  private static final class Delegate implements DNSTaskStarter.Factory.ClassDelegate {
    @Override
    public DNSTaskStarter newDNSTaskStarter(JmDNSImpl dns) {
      return new MdnsTiming(dns);
    }
  }

  @Override
  public void purgeTimer() {
    timer.purge();
  }

  @Override
  public void purgeStateTimer() {
    stateTimer.purge();
  }

  @Override
  public void cancelTimer() {
    timer.cancel();
  }

  @Override
  public void cancelStateTimer() {
    stateTimer.cancel();
  }

  @Override
  public void startProber() {
    new RfcProber(dns).start(stateTimer);
  }

  @Override
  public void startAnnouncer() {
    new RfcAnnouncer(dns).start(stateTimer);
  }

  @Override
  public void startRenewer() {
    new Renewer(dns).start(stateTimer);
  }

  @Override
  public void startCanceler() {
    new Canceler(dns).start(stateTimer);
  }

  @Override
  public void startReaper() {
    new RecordReaper(dns).start(timer);
  }

  @Override
  public void startServiceInfoResolver(ServiceInfoImpl info) {
    new ServiceInfoResolver(dns, info).start(timer);
  }

  @Override
  public void startTypeResolver() {
    new TypeResolver(dns).start(timer);
  }

  @Override
  public void startServiceResolver(String type) {
    new PromptServiceResolver(dns, type, 0).start(timer);
    Requery.start(
        timer,
        () -> stopping(dns),
        () -> new PromptServiceResolver(dns, type, ONE_QUERY).start(timer));
  }

  /** When a series of probes, announcements or queries starts, and how far apart it goes on. */
  record Pace(long delayMillis, long periodMillis) {}

  /**
   * How many probe series started within {@link #PROBE_THROTTLE_WINDOW_MILLIS} of each other, with
   * the one starting now: JmDNS keeps the count ({@code throttle}) and the time of its last change.
   */
  static int throttle(long nowMillis, long lastIncrementMillis, int throttle) {
    return nowMillis - lastIncrementMillis < PROBE_THROTTLE_WINDOW_MILLIS ? throttle + 1 : 1;
  }

  /**
   * The probes of a series: 250 ms apart, the first one {@code jitterMillis} (0-250 ms) after the
   * start; 1 s apart once {@link #PROBE_THROTTLE_COUNT} series started in a row.
   */
  static Pace probes(int throttle, long jitterMillis) {
    return throttle < PROBE_THROTTLE_COUNT
        ? new Pace(jitterMillis, PROBE_INTERVAL_MILLIS)
        : new Pace(PROBE_THROTTLED_MILLIS, PROBE_THROTTLED_MILLIS);
  }

  /** The announcements: the first 250 ms after the last probe, then 1 s apart. */
  static Pace announcements() {
    return new Pace(ANNOUNCE_DELAY_MILLIS, ANNOUNCE_INTERVAL_MILLIS);
  }

  /** A browse's queries: the first 20 ms + {@code jitterMillis} (0-100 ms) after it starts. */
  static Pace queries(long jitterMillis) {
    return new Pace(20 + jitterMillis, QUERY_INTERVAL_MILLIS);
  }

  /**
   * RFC 6762 §5.2 continuous querying: one more query {@value #FIRST_REQUERY_MILLIS} ms after a
   * browse starts, then each one twice as late as the previous, at most every {@value
   * #MAX_REQUERY_MILLIS} ms; none once JmDNS is closing.
   */
  static final class Requery extends TimerTask {
    private final Timer timer;
    private final long delay;
    private final BooleanSupplier stopping;
    private final Runnable query;

    private Requery(Timer timer, long delay, BooleanSupplier stopping, Runnable query) {
      this.timer = timer;
      this.delay = delay;
      this.stopping = stopping;
      this.query = query;
    }

    /** Schedules the first query of the series on {@code timer}. */
    static void start(Timer timer, BooleanSupplier stopping, Runnable query) {
      timer.schedule(
          new Requery(timer, FIRST_REQUERY_MILLIS, stopping, query), FIRST_REQUERY_MILLIS);
    }

    @Override
    public void run() {
      if (stopping.getAsBoolean()) {
        return;
      }
      query.run();
      long next = Math.min(delay * 2, MAX_REQUERY_MILLIS);
      timer.schedule(new Requery(timer, next, stopping, query), next);
    }
  }

  @Override
  public void startResponder(DNSIncoming in, InetAddress address, int port) {
    new Responder(dns, in, address, port).start(timer);
  }

  private static boolean stopping(JmDNSImpl dns) {
    return dns.isCanceling() || dns.isCanceled();
  }

  /** Probes 250 ms apart, the first one within 250 ms; 1 s apart under repeated conflicts. */
  private static final class RfcProber extends Prober {

    RfcProber(JmDNSImpl dns) {
      super(dns);
    }

    @Override
    public void start(Timer timer) {
      JmDNSImpl dns = getDns();
      long now = System.currentTimeMillis();
      dns.setThrottle(throttle(now, dns.getLastThrottleIncrement(), dns.getThrottle()));
      dns.setLastThrottleIncrement(now);
      if (stopping(dns)) {
        return;
      }
      Pace pace =
          probes(
              dns.getThrottle(), ThreadLocalRandom.current().nextLong(PROBE_INTERVAL_MILLIS + 1));
      timer.schedule(this, pace.delayMillis(), pace.periodMillis());
    }
  }

  /** Announces 250 ms after the last probe, then 1 s apart. */
  private static final class RfcAnnouncer extends Announcer {

    RfcAnnouncer(JmDNSImpl dns) {
      super(dns);
    }

    @Override
    public void start(Timer timer) {
      if (!stopping(getDns())) {
        Pace pace = announcements();
        timer.schedule(this, pace.delayMillis(), pace.periodMillis());
      }
    }
  }

  /** Browses: the first query 20-120 ms after the start, the next ones as JmDNS paces them. */
  private static final class PromptServiceResolver extends ServiceResolver {

    PromptServiceResolver(JmDNSImpl dns, String type, int sent) {
      super(dns, type);
      this.count = sent;
    }

    @Override
    public void start(Timer timer) {
      if (!stopping(getDns())) {
        Pace pace = queries(ThreadLocalRandom.current().nextLong(101));
        timer.schedule(this, pace.delayMillis(), pace.periodMillis());
      }
    }
  }
}
