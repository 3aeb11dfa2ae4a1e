package io.rancherd.wait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rancherd.testing.FakeClock;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WaitLoopTest {

  final FakeClock clock = new FakeClock();
  final List<String> lines = new ArrayList<>();
  final WaitLoop loop = new WaitLoop(clock, clock.sleeper(), lines::add);
  static final Timing TIMING =
      new Timing(Duration.ofSeconds(5), Duration.ofSeconds(20), Duration.ofSeconds(60));

  static IllegalStateException timeout(CheckResult last, long waited) {
    return new IllegalStateException(waited + " s: " + last.detail());
  }

  @Test
  void until_returnsTheFirstSuccessAfterTheInitialDelay() throws Exception {
    int[] calls = {0};

    CheckResult result =
        loop.until(
            () -> new CheckResult(++calls[0] == 3, "x: check " + calls[0]),
            Duration.ofSeconds(1),
            TIMING,
            WaitLoopTest::timeout);

    assertEquals(new CheckResult(true, "x: check 3"), result);
    assertEquals(FakeClock.START.plusSeconds(11), clock.instant(), "1 s, then two 5 s pauses");
    assertEquals(List.of(), lines, "no progress line before 20 s");
  }

  @Test
  void until_progressEveryPeriodThenTheTimeoutFailureFromTheLastResult() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                loop.until(
                    () -> new CheckResult(false, "x: 503"),
                    Duration.ZERO,
                    TIMING,
                    WaitLoopTest::timeout));

    assertEquals("60 s: x: 503", e.getMessage());
    assertEquals(List.of("waiting for x: 503, 20 s", "waiting for x: 503, 40 s"), lines);
  }

  @Test
  void until_aLoopForASharedServer_jittersItsPausesUnderTheTiming() throws Exception {
    List<Duration> node1 = pausesOfAJitteredLoop(new Random(1));
    List<Duration> node2 = pausesOfAJitteredLoop(new Random(2));

    assertEquals(5, node1.size());
    assertNotEquals(node1, node2, "two nodes pause differently");
    List<Duration> ceilings =
        List.of(5L, 10L, 20L, 20L, 20L).stream().map(Duration::ofSeconds).toList();
    for (int i = 0; i < node1.size(); i++) {
      assertTrue(
          node1.get(i).compareTo(ceilings.get(i)) <= 0
              && node2.get(i).compareTo(ceilings.get(i)) <= 0,
          "pause " + (i + 1) + " above " + ceilings.get(i) + ": " + node1 + " " + node2);
    }
  }

  /** The pauses of a jittered loop whose check succeeds at the sixth try. */
  private static List<Duration> pausesOfAJitteredLoop(Random random) throws Exception {
    FakeClock clock = new FakeClock();
    List<Duration> pauses = new ArrayList<>();
    WaitLoop loop =
        new WaitLoop(
            clock,
            d -> {
              pauses.add(d);
              clock.sleeper().sleep(d);
            },
            line -> {},
            random);
    int[] calls = {0};
    loop.until(
        () -> new CheckResult(++calls[0] == 6, "x"),
        Duration.ZERO,
        new Timing(
            Duration.ofSeconds(5),
            Duration.ofSeconds(20),
            Duration.ofSeconds(60),
            Duration.ofMinutes(10)),
        WaitLoopTest::timeout);
    return pauses.subList(1, pauses.size());
  }

  @Test
  void until_aFailingCheckStopsTheLoopAtOnce() {
    IOException failure = new IOException("rejected");

    IOException e =
        assertThrows(
            IOException.class,
            () ->
                loop.until(
                    () -> {
                      throw failure;
                    },
                    Duration.ZERO,
                    TIMING,
                    WaitLoopTest::timeout));

    assertSame(failure, e);
    assertEquals(FakeClock.START, clock.instant());
  }
}
