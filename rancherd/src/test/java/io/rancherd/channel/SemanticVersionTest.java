package io.rancherd.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SemanticVersionTest {

  @Test
  void compareTo_followsSemVerPrecedence() {
    List<String> ordered =
        List.of(
            "1.0.0-alpha",
            "1.0.0-alpha.1",
            "1.0.0-alpha.beta",
            "1.0.0-beta",
            "1.0.0-beta.2",
            "1.0.0-beta.11",
            "1.0.0-rc.1",
            "1.0.0",
            "2.8.9",
            "v2.8.10",
            "2.9.0-rc1",
            "2.9.0-rc2",
            "2.9.0-rc10",
            "2.9.0",
            "2.10.0",
            "10.0.0",
            "99999999999999999999.0.0");
    List<SemanticVersion> shuffled =
        new ArrayList<>(ordered.stream().map(v -> SemanticVersion.parse(v).orElseThrow()).toList());
    Collections.shuffle(shuffled, new java.util.Random(7));

    Collections.sort(shuffled);

    assertEquals(ordered, shuffled.stream().map(SemanticVersion::text).toList());
  }

  @Test
  void compareTo_ignoresBuildMetadata() {
    assertEquals(
        0,
        SemanticVersion.parse("2.8.5+build.1")
            .orElseThrow()
            .compareTo(SemanticVersion.parse("v2.8.5").orElseThrow()));
  }

  @Test
  void parse_keepsTheTextAndKnowsPreReleases() {
    SemanticVersion rc = SemanticVersion.parse("v2.9.0-rc1").orElseThrow();

    assertTrue(rc.isPreRelease());
    assertEquals("2.9.0-rc1", rc.withoutV());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "stable", "2.8", "v2", "2.8.x", "2.8.5-", "2.8.5-rc..1", "V2.8.5"})
  void parse_rejectsWhatIsNotAVersion(String text) {
    assertEquals(Optional.empty(), SemanticVersion.parse(text));
  }
}
