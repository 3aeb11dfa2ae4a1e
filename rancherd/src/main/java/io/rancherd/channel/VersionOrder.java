package io.rancherd.channel;

import java.util.Optional;
import java.util.OptionalInt;

/** Orders two semantic versions as {@link SemanticVersion} does (Rancher's chart versions). */
public final class VersionOrder {

  private VersionOrder() {}

  /** Whether {@code text} is a semantic version (an exact Rancher version, not a channel). */
  public static boolean isVersion(String text) {
    return SemanticVersion.parse(text).isPresent();
  }

  /**
   * Negative when {@code a} comes before {@code b}, zero when they are the same release, positive
   * after; empty when either is not a semantic version.
   */
  public static OptionalInt compare(String a, String b) {
    Optional<SemanticVersion> x = SemanticVersion.parse(a);
    Optional<SemanticVersion> y = SemanticVersion.parse(b);
    return x.isPresent() && y.isPresent()
        ? OptionalInt.of(x.get().compareTo(y.get()))
        : OptionalInt.empty();
  }
}
