package io.rancherd.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The RFC 6762 pace that {@link MdnsTiming} gives JmDNS's probes, announcements and queries. */
class MdnsTimingTest {

  /** A timer that runs nothing: it keeps what was scheduled, and when. */
  static final class RecordingTimer extends Timer {
    final List<TimerTask> tasks = new ArrayList<>();
    final List<Long> delays = new ArrayList<>();

    RecordingTimer() {
      super(true);
    }

    @Override
    public void schedule(TimerTask task, long delay) {
      tasks.add(task);
      delays.add(delay);
    }

    /** Runs the task scheduled last, as the timer would once its delay has passed. */
    void runLast() {
      tasks.get(tasks.size() - 1).run();
    }
  }

  private final RecordingTimer timer = new RecordingTimer();

  @AfterEach
  void stop() {
    timer.cancel();
  }

  /** When each of a series' first {@code count} ticks falls, from the start. */
  static List<Long> ticks(MdnsTiming.Pace pace, int count) {
    List<Long> at = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      at.add(pace.delayMillis() + i * pace.periodMillis());
    }
    return at;
  }

  @Test
  void aFreshInstanceSendsItsThreeProbesWithin750MsQuarterSecondApart() {
    // JmDNS starts with no throttle and no earlier increment
    int throttle = MdnsTiming.throttle(System.currentTimeMillis(), 0, 0);

    List<Long> earliest = ticks(MdnsTiming.probes(throttle, 0), 3);
    List<Long> latest = ticks(MdnsTiming.probes(throttle, 250), 3);

    assertEquals(List.of(0L, 250L, 500L), earliest);
    assertEquals(List.of(250L, 500L, 750L), latest);
  }

  @Test
  void probesSlowToOneSecondAfterTenConflictsInARowAndRecoverAfterAPause() {
    long now = 1_000_000;
    long last = 0;
    int throttle = 0;
    List<Long> firstGaps = new ArrayList<>();
    for (int conflict = 0; conflict < 10; conflict++) {
      throttle = MdnsTiming.throttle(now, last, throttle);
      last = now;
      firstGaps.add(MdnsTiming.probes(throttle, 100).periodMillis());
      now += 400;
    }
    int afterPause = MdnsTiming.throttle(last + 5_000, last, throttle);

    assertEquals(
        List.of(250L, 250L, 250L, 250L, 250L, 250L, 250L, 250L, 250L, 1000L),
        firstGaps,
        "the tenth series within 5 s of each other probes at JmDNS's slow pace");
    assertEquals(new MdnsTiming.Pace(1000, 1000), MdnsTiming.probes(throttle, 0));
    assertEquals(1, afterPause, "5 s without a new series: the count starts again");
    assertEquals(new MdnsTiming.Pace(0, 250), MdnsTiming.probes(afterPause, 0));
  }

  @Test
  void theFirstAnnouncementFollowsTheLastProbeWithinASecondOfTheStart() {
    long lastProbe = ticks(MdnsTiming.probes(1, 250), 3).get(2);

    List<Long> announcements = ticks(MdnsTiming.announcements(), 2);

    assertTrue(
        lastProbe + announcements.get(0) <= 1000,
        "announced " + (lastProbe + announcements.get(0)) + " ms after the start");
    assertEquals(1000, announcements.get(1) - announcements.get(0), "then 1 s apart (§8.3)");
  }

  @Test
  void aBrowseAsksWithin20To120MsOfItsStart() {
    assertEquals(20, MdnsTiming.queries(0).delayMillis());
    assertEquals(120, MdnsTiming.queries(100).delayMillis());
  }

  @Test
  void aBrowseKeepsQueryingOneTwoFourSecondsApartUpToAMinute() {
    AtomicInteger queries = new AtomicInteger();
    MdnsTiming.Requery.start(timer, () -> false, queries::incrementAndGet);

    List<Integer> sentBeforeEachRun = new ArrayList<>();
    for (int run = 0; run < 8; run++) {
      sentBeforeEachRun.add(queries.get());
      timer.runLast();
    }

    assertEquals(
        List.of(1000L, 2000L, 4000L, 8000L, 16000L, 32000L, 60000L, 60000L, 60000L), timer.delays);
    assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7), sentBeforeEachRun, "one query each time");
    assertEquals(8, queries.get());
  }

  @Test
  void aClosingInstanceStopsQuerying() {
    AtomicBoolean closing = new AtomicBoolean();
    AtomicInteger queries = new AtomicInteger();
    MdnsTiming.Requery.start(timer, closing::get, queries::incrementAndGet);
    timer.runLast();
    closing.set(true);

    timer.runLast();

    assertEquals(1, queries.get());
    assertEquals(List.of(1000L, 2000L), timer.delays, "nothing scheduled once closing");
  }
}
