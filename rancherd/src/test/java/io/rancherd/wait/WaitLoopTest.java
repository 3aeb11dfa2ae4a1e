package io.rancherd.wait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rancherd.testing.FakeClock;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
