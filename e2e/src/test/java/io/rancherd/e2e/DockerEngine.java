package io.rancherd.e2e;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;

/**
 * Whether the end-to-end tests can run: a Docker engine that answers. Without one they skip, unless
 * {@code -Drancherd.requireDocker=true} or {@code RANCHERD_REQUIRE_DOCKER=true} (set by CI) makes
 * that a failure.
 */
final class DockerEngine {

  static final String REQUIRE_PROPERTY = "rancherd.requireDocker";
  static final String REQUIRE_ENV = "RANCHERD_REQUIRE_DOCKER";

  private DockerEngine() {}

  static void assumeAvailable() {
    boolean available;
    String detail;
    try {
      available = DockerClientFactory.instance().isDockerAvailable();
      detail = available ? "" : "no Docker engine answers";
    } catch (RuntimeException e) {
      available = false;
      detail = "no Docker engine answers: " + e.getMessage();
    }
    if (!available) {
      unavailable(detail + " (install docker.io and start dockerd; see .ci/run)");
    }
  }

  /** Skips the test, or fails it when Docker is required. */
  static void unavailable(String why) {
    if (required()) {
      Assertions.fail(
          why
              + "; the end-to-end tests are required here ("
              + REQUIRE_PROPERTY
              + " or "
              + REQUIRE_ENV
              + ")");
    }
    Assumptions.abort("end-to-end tests skipped: " + why);
  }

  private static boolean required() {
    return Boolean.getBoolean(REQUIRE_PROPERTY)
        || "true".equalsIgnoreCase(System.getenv(REQUIRE_ENV));
  }
}
