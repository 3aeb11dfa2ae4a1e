package io.rancherd.e2e;

import io.rancherd.standin.StandInArtifacts;
import io.rancherd.testing.Commands;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The installer images of runtimes.md §1.3, built locally ({@code FROM scratch}, one layer) for a
 * {@link PrivateRegistry}: the stand-in k3s as {@code system-agent-installer-k3s} and a small
 * Rancher chart as {@code system-agent-installer-rancher}. Tagged by a hash of their contents, so
 * they are built once.
 */
final class InstallerImage {

  /**
   * What the image's k3s launcher carries besides the air-gap one: tells the two apart on a node.
   */
  static final String K3S_MARKER = "# k3s from the installer image (e2e)";

  private static final String DOCKERFILE = "FROM scratch\nCOPY root/ /\n";
  private static final Duration TAR_LIMIT = Duration.ofMinutes(1);

  /**
   * The image's {@code run.sh}, as {@code rancher/system-agent-installer-k3s}'s does it: binary to
   * {@code /usr/local/bin}, then the install script with the download skipped. rancherd does not
   * run it (it installs from the same contents through its own air-gap path).
   */
  private static final String K3S_RUN =
      """
      #!/bin/sh
      set -e
      cd "${CATTLE_AGENT_EXECUTION_PWD:-$(dirname "$0")}"
      install -m 0755 k3s /usr/local/bin/k3s
      INSTALL_K3S_SKIP_DOWNLOAD=true INSTALL_K3S_SKIP_SELINUX_RPM=true \\
        INSTALL_K3S_SELINUX_WARN=true exec sh ./installer.sh "$@"
      """;

  /** The Rancher installer's {@code run.sh} (rancher/rancher package/installer-run.sh). */
  private static final String RANCHER_RUN =
      """
      #!/bin/sh
      set -e
      cd "${CATTLE_AGENT_EXECUTION_PWD:-$(dirname "$0")}"
      exec ./helm upgrade --create-namespace --install --values "$RANCHER_VALUES" \\
        --namespace cattle-system --wait rancher ./*.tgz
      """;

  /** Stands in for helm v3, which rancherd never runs: the chart goes into the HelmChart. */
  private static final String HELM =
      """
      #!/bin/sh
      echo "helm placeholder (e2e): rancherd puts the chart into the HelmChart" >&2
      exit 1
      """;

  private InstallerImage() {}

  /** The repository and tag rancherd derives for the k3s installer of {@code version}. */
  static String k3sName(String version) {
    return "rancher/system-agent-installer-k3s:" + version.replace('+', '-');
  }

  /** The repository and tag of the Rancher installer of {@code rancherVersion}. */
  static String rancherName(String rancherVersion) {
    return "rancher/system-agent-installer-rancher:" + rancherVersion;
  }

  /**
   * The k3s installer image of the stand-in: {@code installer.sh} (the stand-in's install.sh), the
   * {@code k3s} launcher (which runs the stand-in's runtime under {@link StandInKit#MOUNT}, as the
   * air-gap one does, plus {@link #K3S_MARKER}), {@code sha256sum-amd64.txt} and {@code run.sh}.
   * Returns the local image name.
   */
  static String k3s(String version) {
    Path airgap = StandInKit.ensure().resolve("airgap/k3s");
    byte[] launcher = k3sLauncher(version);
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("root/installer.sh", E2eFiles.read(airgap.resolve("install.sh")));
    files.put("root/k3s", launcher);
    files.put(
        "root/sha256sum-" + StandInArtifacts.arch() + ".txt",
        (sha256(launcher) + "  k3s\n").getBytes(StandardCharsets.UTF_8));
    files.put("root/run.sh", K3S_RUN.getBytes(StandardCharsets.UTF_8));
    return ImageBuild.ensure(
        "rancherd-e2e-installer-k3s",
        DOCKERFILE,
        files,
        Set.of("root/installer.sh", "root/k3s", "root/run.sh"));
  }

  /** The {@code k3s} file of {@link #k3s}: the stand-in's launcher with {@link #K3S_MARKER}. */
  static byte[] k3sLauncher(String version) {
    String launcher =
        StandInArtifacts.launcher(
            "k3s",
            version,
            new StandInArtifacts.Jvm(
                StandInKit.MOUNT + "/jre/bin/java", StandInKit.MOUNT + "/lib/*"));
    int firstLine = launcher.indexOf('\n') + 1;
    return (launcher.substring(0, firstLine) + K3S_MARKER + "\n" + launcher.substring(firstLine))
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The Rancher installer image: {@code rancher-<chart version>.tgz} (a real chart archive, {@code
   * rancher/Chart.yaml} with that version, values and a template), the {@code helm} placeholder and
   * {@code run.sh}. Returns the local image name.
   */
  static String rancher(String rancherVersion) {
    String chartVersion =
        rancherVersion.startsWith("v") ? rancherVersion.substring(1) : rancherVersion;
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("root/rancher-" + chartVersion + ".tgz", chart(chartVersion));
    files.put("root/helm", HELM.getBytes(StandardCharsets.UTF_8));
    files.put("root/run.sh", RANCHER_RUN.getBytes(StandardCharsets.UTF_8));
    return ImageBuild.ensure(
        "rancherd-e2e-installer-rancher", DOCKERFILE, files, Set.of("root/helm", "root/run.sh"));
  }

  /** A chart archive as {@code helm package} lays it out, byte-for-byte the same on every run. */
  static byte[] chart(String chartVersion) {
    try {
      Path dir = Files.createTempDirectory(Files.createDirectories(E2eFiles.work()), "chart-");
      try {
        Path chart = Files.createDirectories(dir.resolve("rancher/templates"));
        Files.writeString(
            dir.resolve("rancher/Chart.yaml"),
            """
            apiVersion: v2
            name: rancher
            description: Stand-in Rancher chart (e2e)
            version: %s
            appVersion: v%s
            """
                .formatted(chartVersion, chartVersion));
        Files.writeString(dir.resolve("rancher/values.yaml"), "replicas: 1\nhostname: \"\"\n");
        Files.writeString(
            chart.resolve("NOTES.txt"), "Rancher stand-in chart: nothing is deployed.\n");
        Commands.Output out =
            Commands.run(
                List.of(
                    "sh",
                    "-c",
                    "tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -cf - rancher"
                        + " | gzip -n > chart.tgz"),
                dir,
                Map.of(),
                TAR_LIMIT);
        if (out.exitCode() != 0) {
          throw new IllegalStateException("packing the chart failed: " + out.stderr());
        }
        return Files.readAllBytes(dir.resolve("chart.tgz"));
      } finally {
        FileTrees.delete(dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("packing the rancher chart", e);
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
