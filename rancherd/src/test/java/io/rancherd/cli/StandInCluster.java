package io.rancherd.cli;

import static org.junit.jupiter.api.Assertions.fail;

import io.rancherd.standin.StandInArtifacts;
import io.rancherd.standin.StandInHttp;
import io.rancherd.standin.StandInProcesses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * A running stand-in cluster for nodes to join: a {@code k3s server} or {@code rke2 server} started
 * directly (not by rancherd) on {@link #ADDRESS}, node {@code server-1}, in its own machine root,
 * so that a node bootstrapped by rancherd on 127.0.0.1 can join it on the same machine.
 */
final class StandInCluster {

  static final String ADDRESS = "127.0.0.2";
  static final String NODE_NAME = "server-1";
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  final Path root;
  final String runtime;
  final Path log;

  private StandInCluster(Path root, String runtime, Path log) {
    this.root = root;
    this.runtime = runtime;
    this.log = log;
  }

  /**
   * Starts the cluster's server in {@code root} (machine ID {@code machine-a}) with a short token
   * and waits until its supervisor answers on {@link #ADDRESS} and its token file is written. Waits
   * first for the stand-in ports on 127.0.0.1 and on {@link #ADDRESS} to be free.
   */
  static StandInCluster start(Path root, Path tmp, String runtime) throws IOException {
    StandInProcesses.awaitPortsFree(TIMEOUT);
    StandInProcesses.awaitPortsFree(TIMEOUT, ADDRESS);
    Files.createDirectories(root.resolve("etc"));
    Files.writeString(root.resolve("etc/machine-id"), "machine-a\n");
    String version =
        runtime.equals("k3s") ? StandInArtifacts.K3S_VERSION : StandInArtifacts.RKE2_VERSION;
    Path launcher = tmp.resolve("cluster-bin").resolve(runtime);
    Files.createDirectories(launcher.getParent());
    Files.writeString(launcher, StandInArtifacts.launcher(runtime, version));
    Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    String prefix = runtime.toUpperCase(Locale.ROOT) + "_";
    Map<String, String> env =
        new HashMap<>(
            Map.of(
                "STANDIN_BIND_ADDRESS",
                ADDRESS,
                prefix + "NODE_NAME",
                NODE_NAME,
                prefix + "TOKEN",
                "cluster-" + runtime + "-" + Long.toHexString(System.nanoTime())));
    if (runtime.equals("k3s")) {
      env.put("K3S_CLUSTER_INIT", "true");
    }
    Path log = tmp.resolve("cluster-" + runtime + ".log");
    StandInCluster cluster = new StandInCluster(root, runtime, log);
    StandInProcesses.start(root, List.of(launcher.toString(), "server"), env, log);
    cluster.await(
        "the " + runtime + " supervisor of the cluster on " + ADDRESS, () -> cluster.pings());
    cluster.await("the cluster's token file", () -> Files.isRegularFile(cluster.tokenFile()));
    return cluster;
  }

  /** {@code https://127.0.0.2:<supervisor port>}: the URL joining nodes set as {@code server}. */
  String url() {
    return "https://" + ADDRESS + ":" + supervisorPort();
  }

  int supervisorPort() {
    return runtime.equals("k3s") ? 6443 : 9345;
  }

  Path tokenFile() {
    return root.resolve("var/lib/rancher/" + runtime + "/server/token");
  }

  /**
   * The secure token of the cluster, {@code K10<ca hash>::server:<password>}, as its token file
   * holds it.
   */
  String secureToken() {
    return Launcher.readString(tokenFile()).trim();
  }

  /** The password part of the token: the secret that must never show. */
  String password() {
    String token = secureToken();
    return token.substring(token.lastIndexOf(':') + 1);
  }

  /**
   * The lowercase hex SHA-256 of the cluster's server CA certificate file, which {@code /cacerts}
   * serves.
   */
  String caHash() {
    return sha256(tls("server-ca.crt"));
  }

  Path tls(String name) {
    return root.resolve("var/lib/rancher/" + runtime + "/server/tls/" + name);
  }

  /** What the cluster's server recorded of the nodes that joined it (empty when none did). */
  String registrations() {
    Path file = root.resolve("var/lib/standin/registrations.log");
    return Files.isRegularFile(file) ? Launcher.readString(file) : "";
  }

  /** A client with the cluster's admin kubeconfig (API on {@code 127.0.0.2:6443}). */
  OkHttpClient admin() {
    return StandInHttp.forKubeconfig(
        root.resolve("etc/rancher/" + runtime + "/" + runtime + ".yaml"));
  }

  /**
   * GET {@code https://127.0.0.2:6443<path>} as the cluster admin; the body of a 200, else fails.
   */
  String api(String path) {
    try (Response response =
        admin()
            .newCall(new Request.Builder().url("https://" + ADDRESS + ":6443" + path).build())
            .execute()) {
      if (response.code() != 200) {
        fail("GET " + path + " on the cluster answered HTTP " + response.code());
      }
      return response.body().string();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The cluster server's own output, with its password masked. */
  String serviceLog() {
    String text = Files.isRegularFile(log) ? Launcher.readString(log) : "none";
    return Files.isRegularFile(tokenFile()) ? text.replace(password(), "<token>") : text;
  }

  void stop() {
    StandInProcesses.stopAll(root);
  }

  static String sha256(Path file) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(Launcher.read(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private boolean pings() {
    try (Response response =
        StandInHttp.insecure()
            .newCall(new Request.Builder().url(url() + "/ping").build())
            .execute()) {
      return response.code() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  private void await(String what, BooleanSupplier condition) {
    Instant deadline = Instant.now().plus(TIMEOUT);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        fail(
            "timed out after "
                + TIMEOUT.toSeconds()
                + " s waiting for "
                + what
                + "\n--- cluster log ---\n"
                + serviceLog());
      }
      StandInNode.sleep(100);
    }
  }
}
