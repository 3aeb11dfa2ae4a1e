package io.rancherd.wait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class BackoffTest {

  /** rancherd bootstrap's pauses between attempts: 5 s doubling up to 5 min. */
  static final Backoff ATTEMPTS = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(5));

  @Test
  void ceiling_doublesUpToTheCap() {
    Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10));

    assertEquals(
        List.of(1L, 2L, 4L, 8L, 10L, 10L),
        List.of(1, 2, 3, 4, 5, 6).stream().map(n -> backoff.ceiling(n).toSeconds()).toList());
  }

  @Test
  void pauses_neverExceedTheCeilingNorTheCap_andSpreadOverIt() {
    RandomGenerator random = new Random(1);
    Set<Long> seen = new HashSet<>();
    for (int failures = 1; failures <= 40; failures++) {
      for (int draw = 0; draw < 50; draw++) {
        Duration pause = ATTEMPTS.after(failures, random);
        assertTrue(
            !pause.isNegative() && pause.compareTo(ATTEMPTS.ceiling(failures)) <= 0,
            "pause " + pause + " after " + failures + " failures");
        assertTrue(pause.compareTo(Duration.ofMinutes(5)) <= 0, "the cap holds: " + pause);
        seen.add(pause.toMillis());
      }
    }
    assertTrue(seen.size() > 1000, "pauses are spread, not a few values: " + seen.size());
  }

  @Test
  void twoNodesThatFailTogether_doNotRetryAtTheSameInstants() {
    List<Duration> node1 = retryInstants(new Random(1), 12);
    List<Duration> node2 = retryInstants(new Random(2), 12);

    for (int i = 0; i < node1.size(); i++) {
      assertNotEquals(node1.get(i), node2.get(i), "retry " + (i + 1) + " at the same instant");
      assertTrue(
          node1.get(i).minus(node2.get(i)).abs().compareTo(Duration.ofMillis(100)) > 0,
          "retry " + (i + 1) + " within 100 ms: " + node1.get(i) + " and " + node2.get(i));
    }
    assertEquals(retryInstants(new Random(1), 12), node1, "a seeded source repeats itself");
  }

  /** When a node that fails every attempt retries, counted from the first failure. */
  private static List<Duration> retryInstants(RandomGenerator random, int retries) {
    List<Duration> instants = new ArrayList<>();
    Duration at = Duration.ZERO;
    for (int failures = 1; failures <= retries; failures++) {
      at = at.plus(ATTEMPTS.after(failures, random));
      instants.add(at);
    }
    return instants;
  }
}
