package io.rancherd.install;

import java.util.Locale;

/** The architecture names the runtimes' release artifacts use (docs/runtimes.md §1.1, §1.2). */
public final class Arch {

  private Arch() {}

  /** amd64, arm64, s390x or arm, from a JVM {@code os.arch} value. */
  public static String of(String osArch) {
    String arch = osArch.toLowerCase(Locale.ROOT);
    return switch (arch) {
      case "amd64", "x86_64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      case "s390x" -> "s390x";
      default -> arch.startsWith("arm") ? "arm" : arch;
    };
  }

  public static String current() {
    return of(System.getProperty("os.arch"));
  }
}
