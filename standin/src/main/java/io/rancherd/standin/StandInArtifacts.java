package io.rancherd.standin;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.GZIPOutputStream;

/**
 * Builds the stand-in's air-gap artifacts, laid out as the real k3s and RKE2 releases are, with
 * launchers that run {@link StandIn} on this JVM's class path.
 *
 * <ul>
 *   <li>{@link #k3sAirgap}: {@code install.sh}, {@code k3s}, {@code sha256sum-<arch>.txt}, {@code
 *       k3s-airgap-images-<arch>.tar}: what rancherd's k3s installer image holds.
 *   <li>{@link #rke2Airgap}: what {@code INSTALL_RKE2_ARTIFACT_PATH} expects: {@code install.sh},
 *       {@code rke2.linux-<arch>.tar.gz}, {@code sha256sum-<arch>.txt}, {@code
 *       rke2-images.linux-<arch>.tar.zst}.
 *   <li>{@link #downloads}: a stand-in for the GitHub release downloads, for the install scripts'
 *       online path (pass its path as {@code STANDIN_DOWNLOADS}).
 * </ul>
 */
public final class StandInArtifacts {

  public static final String K3S_VERSION = "v1.29.4+k3s1";
  public static final String RKE2_VERSION = "v1.29.4+rke2r1";

  /**
   * The Rancher version whose chart the air-gap layouts hold ({@code rancher-2.8.5.tgz}, as {@code
   * helm pull} names it).
   */
  public static final String RANCHER_VERSION = "v2.8.5";

  private static final String EXECUTABLE = "rwxr-xr-x";
  private static final String JVM_OPTIONS =
      "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k -Xmx128m";

  private StandInArtifacts() {}

  /** {@code amd64} or {@code arm64}, from {@code os.arch}, as the install scripts name it. */
  public static String arch() {
    String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
    return switch (arch) {
      case "amd64", "x86_64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      default -> arch;
    };
  }

  /**
   * The Java that a launcher execs, as the machine that runs the launcher sees it: the executable
   * and the class path. {@link #current()} is this JVM's; a test that runs the stand-in elsewhere
   * (in a container) names the paths there.
   */
  public record Jvm(String java, String classpath) {

    public static Jvm current() {
      return new Jvm(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          StandInArtifacts.classpath());
    }
  }

  public static Path k3sAirgap(Path dir) {
    return k3sAirgap(dir, K3S_VERSION);
  }

  /**
   * The k3s air-gap layout in {@code dir}; the binary reports {@code version}. Returns {@code dir}.
   */
  public static Path k3sAirgap(Path dir, String version) {
    return k3sAirgap(dir, version, Jvm.current());
  }

  /** As {@link #k3sAirgap(Path, String)}, with a launcher that runs {@code jvm}. */
  public static Path k3sAirgap(Path dir, String version, Jvm jvm) {
    k3sRelease(dir, version, "k3s", jvm);
    return rancherChart(dir, RANCHER_VERSION);
  }

  /**
   * Writes the Rancher chart of {@code version} into {@code dir} as {@code rancher-<version without
   * v>.tgz}. Returns {@code dir}.
   */
  public static Path rancherChart(Path dir, String version) {
    try {
      Files.createDirectories(dir);
      Files.write(dir.resolve("rancher-" + withoutV(version) + ".tgz"), rancherChartTgz(version));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("writing the Rancher chart into " + dir, e);
    }
  }

  /**
   * A small real Helm chart archive: gzip tar with {@code rancher/Chart.yaml} (name rancher, the
   * version without its v, appVersion with it), {@code rancher/values.yaml} and a template.
   */
  public static byte[] rancherChartTgz(String version) {
    String chartYaml =
        "apiVersion: v2\nname: rancher\nversion: "
            + withoutV(version)
            + "\nappVersion: v"
            + withoutV(version)
            + "\ndescription: stand-in of the Rancher chart\n";
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (TarWriter tar = new TarWriter(new GZIPOutputStream(bytes))) {
        tar.file("rancher/Chart.yaml", 0644, chartYaml.getBytes(StandardCharsets.UTF_8));
        tar.file("rancher/values.yaml", 0644, "replicas: 3\n".getBytes(StandardCharsets.UTF_8));
        tar.file(
            "rancher/templates/NOTES.txt",
            0644,
            "stand-in chart\n".getBytes(StandardCharsets.UTF_8));
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("building the Rancher chart", e);
    }
  }

  private static String withoutV(String version) {
    return version.startsWith("v") ? version.substring(1) : version;
  }

  public static Path rke2Airgap(Path dir) {
    return rke2Airgap(dir, RKE2_VERSION);
  }

  /**
   * The RKE2 air-gap layout ({@code INSTALL_RKE2_ARTIFACT_PATH}) in {@code dir}. Returns {@code
   * dir}.
   */
  public static Path rke2Airgap(Path dir, String version) {
    return rke2Airgap(dir, version, Jvm.current());
  }

  /** As {@link #rke2Airgap(Path, String)}, with a launcher that runs {@code jvm}. */
  public static Path rke2Airgap(Path dir, String version, Jvm jvm) {
    try {
      Files.createDirectories(dir);
      writeExecutable(dir.resolve("install.sh"), resource("rke2-install.sh"));
      String tarball = "rke2.linux-" + arch() + ".tar.gz";
      String images = "rke2-images.linux-" + arch() + ".tar.zst";
      Files.write(dir.resolve(tarball), rke2Tarball(version, jvm));
      Files.write(dir.resolve(images), fakeZstd());
      writeChecksums(dir, arch(), tarball, images);
      return rancherChart(dir, RANCHER_VERSION);
    } catch (IOException e) {
      throw new UncheckedIOException("building the RKE2 air-gap artifacts in " + dir, e);
    }
  }

  public static Path downloads(Path dir) {
    return downloads(dir, K3S_VERSION, RKE2_VERSION);
  }

  /**
   * Release downloads for the install scripts' online path: {@code dir/k3s/<k3sVersion>/} and
   * {@code dir/rke2/<rke2Version>/}, mirroring {@code .../releases/download/<version>/}. Returns
   * {@code dir}, the value for {@code STANDIN_DOWNLOADS}.
   */
  public static Path downloads(Path dir, String k3sVersion, String rke2Version) {
    String suffix = arch().equals("amd64") ? "" : "-" + arch();
    k3sRelease(dir.resolve("k3s").resolve(k3sVersion), k3sVersion, "k3s" + suffix, Jvm.current());
    rke2Airgap(dir.resolve("rke2").resolve(rke2Version), rke2Version);
    return dir;
  }

  /**
   * A {@code #!/bin/sh} launcher that runs {@code StandIn <program>} with this JVM and class path.
   */
  public static String launcher(String program, String version) {
    return launcher(program, version, Jvm.current());
  }

  /** A {@code #!/bin/sh} launcher that runs {@code StandIn <program>} with {@code jvm}. */
  public static String launcher(String program, String version, Jvm jvm) {
    return "#!/bin/sh\n"
        + "# Stand-in for the "
        + program
        + " binary (test only): see io.rancherd.standin.StandIn\n"
        + "exec "
        + shellQuote(jvm.java())
        + " "
        + JVM_OPTIONS
        + " -D"
        + StandIn.VERSION_PROPERTY
        + "="
        + shellQuote(version)
        + " -cp "
        + shellQuote(jvm.classpath())
        + " "
        + StandIn.class.getName()
        + " "
        + program
        + " \"$@\"\n";
  }

  /**
   * The test class path: failsafe and surefire put it in {@code surefire.test.class.path} (their
   * {@code java.class.path} may be a manifest-only booter jar, which is expanded if it is all there
   * is).
   */
  public static String classpath() {
    String classpath = System.getProperty("surefire.test.class.path");
    if (classpath == null || classpath.isBlank()) {
      classpath = System.getProperty("java.class.path");
    }
    List<String> entries = new ArrayList<>();
    for (String entry : classpath.split(File.pathSeparator)) {
      if (!entry.isBlank()) {
        entries.add(Path.of(entry).toAbsolutePath().toString());
      }
    }
    if (entries.size() == 1 && entries.get(0).endsWith(".jar")) {
      List<String> expanded = manifestClassPath(Path.of(entries.get(0)));
      if (!expanded.isEmpty()) {
        return String.join(File.pathSeparator, expanded);
      }
    }
    return String.join(File.pathSeparator, entries);
  }

  private static Path k3sRelease(Path dir, String version, String binaryName, Jvm jvm) {
    try {
      Files.createDirectories(dir);
      writeExecutable(dir.resolve("install.sh"), resource("k3s-install.sh"));
      writeExecutable(
          dir.resolve(binaryName), launcher("k3s", version, jvm).getBytes(StandardCharsets.UTF_8));
      String images = "k3s-airgap-images-" + arch() + ".tar";
      Files.write(dir.resolve(images), imagesTar());
      writeChecksums(dir, arch(), binaryName, images);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("building the k3s artifacts in " + dir, e);
    }
  }

  private static byte[] rke2Tarball(String version, Jvm jvm) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarWriter tar = new TarWriter(new GZIPOutputStream(bytes))) {
      tar.directory("bin", 0755);
      tar.file("bin/rke2", 0755, launcher("rke2", version, jvm).getBytes(StandardCharsets.UTF_8));
      tar.file("bin/rke2-killall.sh", 0755, resource("rke2-bundle/rke2-killall.sh"));
      tar.file("bin/rke2-uninstall.sh", 0755, resource("rke2-bundle/rke2-uninstall.sh"));
      tar.directory("lib", 0755);
      tar.directory("lib/systemd", 0755);
      tar.directory("lib/systemd/system", 0755);
      for (String name :
          List.of(
              "rke2-server.service", "rke2-agent.service", "rke2-server.env", "rke2-agent.env")) {
        tar.file("lib/systemd/system/" + name, 0644, resource("rke2-bundle/" + name));
      }
      tar.directory("share", 0755);
      tar.directory("share/rke2", 0755);
      tar.file(
          "share/rke2/rke2-cis-sysctl.conf", 0644, resource("rke2-bundle/rke2-cis-sysctl.conf"));
    }
    return bytes.toByteArray();
  }

  /** A docker-archive shaped tar with no images. */
  private static byte[] imagesTar() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarWriter tar = new TarWriter(bytes)) {
      tar.file("manifest.json", 0644, "[]\n".getBytes(StandardCharsets.UTF_8));
      tar.file("repositories", 0644, "{}\n".getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }

  /** The zstd frame magic followed by filler: the name matters, the content is never read. */
  private static byte[] fakeZstd() {
    byte[] bytes =
        "\u0028\u00b5\u002f\u00fdstand-in image archive\n".getBytes(StandardCharsets.ISO_8859_1);
    return bytes;
  }

  private static void writeChecksums(Path dir, String arch, String... names) throws IOException {
    StringBuilder lines = new StringBuilder();
    for (String name : names) {
      lines
          .append(Token.sha256Hex(Files.readAllBytes(dir.resolve(name))))
          .append("  ")
          .append(name)
          .append('\n');
    }
    Files.writeString(dir.resolve("sha256sum-" + arch + ".txt"), lines);
  }

  private static void writeExecutable(Path file, byte[] content) throws IOException {
    Files.write(file, content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(EXECUTABLE));
  }

  private static byte[] resource(String name) {
    try (InputStream in = StandInArtifacts.class.getResourceAsStream("/standin/" + name)) {
      if (in == null) {
        throw new IllegalStateException("test resource standin/" + name + " is missing");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> manifestClassPath(Path jar) {
    List<String> entries = new ArrayList<>();
    try (JarFile file = new JarFile(jar.toFile())) {
      Manifest manifest = file.getManifest();
      String classPath =
          manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
      if (classPath != null) {
        for (String entry : classPath.trim().split("\\s+")) {
          entries.add(Path.of(jar.toAbsolutePath().getParent().toUri().resolve(entry)).toString());
        }
      }
    } catch (IOException | IllegalArgumentException e) {
      return List.of();
    }
    return entries;
  }

  static String shellQuote(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }
}
