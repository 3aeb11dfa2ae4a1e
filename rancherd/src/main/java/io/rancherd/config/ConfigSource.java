package io.rancherd.config;

import java.nio.file.Path;

/** One configuration file rancherd looked at, and what came of it. */
public record ConfigSource(Path path, State state, String detail) {

  /** What happened to a source. */
  public enum State {
    /** Read and merged. */
    LOADED,
    /** Not present; implicit sources are optional. */
    MISSING,
    /** Present but broken; skipped with a warning (implicit sources only). */
    SKIPPED,
    /** Present but holds no rancherd configuration (for example cloud-config without rancherd:). */
    UNUSED
  }

  @Override
  public String toString() {
    return path
        + " ("
        + state.name().toLowerCase(java.util.Locale.ROOT)
        + (detail.isEmpty() ? "" : ": " + detail)
        + ")";
  }
}
