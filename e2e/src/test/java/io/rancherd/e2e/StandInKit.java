package io.rancherd.e2e;

import io.rancherd.standin.StandInArtifacts;
import io.rancherd.testing.Commands;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The runtime stand-in as the nodes see it, mounted read-only at {@link #MOUNT}: a jlink runtime of
 * its own ({@code jre/}, with {@code jdk.httpserver}; kept off the node's PATH, the node itself has
 * no Java), the test class path's jars ({@code lib/}), and the k3s and RKE2 air-gap artifacts whose
 * launchers run that runtime ({@code airgap/k3s}, {@code airgap/rke2}). Built once per test JVM on
 * the host; the runtime is kept between runs.
 */
final class StandInKit {

  static final String MOUNT = "/opt/standin";
  static final String K3S_AIRGAP = MOUNT + "/airgap/k3s";
  static final String RKE2_AIRGAP = MOUNT + "/airgap/rke2";

  private static final String MODULES =
      "java.base,java.desktop,java.logging,java.management,java.naming,java.sql,java.xml,"
          + "jdk.crypto.ec,jdk.httpserver,jdk.unsupported";
  private static final Path FALLBACK_JDK = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");
  private static final Duration JLINK_LIMIT = Duration.ofMinutes(5);

  private static Path dir;

  private StandInKit() {}

  /** The host directory to mount at {@link #MOUNT}, built first when needed. */
  static synchronized Path ensure() {
    if (dir != null) {
      return dir;
    }
    Path kit = E2eFiles.work().resolve("standin");
    try {
      Files.createDirectories(kit);
      if (!Files.isExecutable(kit.resolve("jre/bin/java"))) {
        jlink(kit.resolve("jre"));
      }
      copyJars(kit.resolve("lib"));
      StandInArtifacts.Jvm jvm =
          new StandInArtifacts.Jvm(MOUNT + "/jre/bin/java", MOUNT + "/lib/*");
      StandInArtifacts.k3sAirgap(kit.resolve("airgap/k3s"), StandInArtifacts.K3S_VERSION, jvm);
      StandInArtifacts.rke2Airgap(kit.resolve("airgap/rke2"), StandInArtifacts.RKE2_VERSION, jvm);
    } catch (IOException e) {
      throw new UncheckedIOException("building the stand-in kit in " + kit, e);
    }
    dir = kit;
    return dir;
  }

  private static void jlink(Path target) throws IOException {
    Path jdk =
        Files.isDirectory(Path.of(System.getProperty("java.home"), "jmods"))
            ? Path.of(System.getProperty("java.home"))
            : FALLBACK_JDK;
    Path jlink = jdk.resolve("bin/jlink");
    if (!Files.isExecutable(jlink) || !Files.isDirectory(jdk.resolve("jmods"))) {
      throw new IllegalStateException(
          "no JDK with jmods for the stand-in's runtime: neither java.home nor " + FALLBACK_JDK);
    }
    Path partial = target.resolveSibling("jre.partial");
    FileTrees.delete(partial);
    Commands.Output out =
        Commands.run(
            List.of(
                jlink.toString(),
                "--add-modules",
                MODULES,
                "--strip-debug",
                "--no-header-files",
                "--no-man-pages",
                "--output",
                partial.toString()),
            null,
            Map.of(),
            JLINK_LIMIT);
    if (out.exitCode() != 0) {
      throw new IllegalStateException(
          "jlink failed (exit " + out.exitCode() + "):\n" + out.stderr());
    }
    Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * The jars of this JVM's test class path: the stand-in's jar (module standin) and its
   * dependencies.
   */
  private static void copyJars(Path lib) throws IOException {
    FileTrees.delete(lib);
    Files.createDirectories(lib);
    boolean standIn = false;
    for (String entry : StandInArtifacts.classpath().split(File.pathSeparator)) {
      Path jar = Path.of(entry);
      if (entry.endsWith(".jar") && Files.isRegularFile(jar)) {
        Files.copy(jar, lib.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        standIn |= jar.getFileName().toString().startsWith("rancherd-standin-");
      }
    }
    if (!standIn) {
      throw new IllegalStateException(
          "the stand-in's jar (rancherd-standin) is not on the class path as a jar: "
              + StandInArtifacts.classpath());
    }
  }
}
