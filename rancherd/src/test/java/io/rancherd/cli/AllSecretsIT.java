package io.rancherd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of secret at once (the token, Rancher's bootstrap password (set by {@link
 * StandInNode#clusterInit}), registry credentials, runtime flags that carry credentials, a URL's
 * userinfo, an instruction's env) through {@code plan}, a full cluster-init {@code bootstrap} on
 * the stand-in, {@code status} and {@code doctor}: none of the values appears in any output or in
 * any file under --root, plain or base64-encoded, except in the files that must hold them, which
 * are 0600.
 */
class AllSecretsIT {

  private static final List<String> SECRETS =
      List.of(
          "first-admin-password",
          "registry-pw-K2m4",
          "registry-auth-Z8v1",
          // base64 of robot:registry-auth-Z8v1, as registries' auth holds it
          "cm9ib3Q6cmVnaXN0cnktYXV0aC1aOHYx",
          "registry-idtoken-P5n3",
          "db-pw-W6c8",
          "s3-secret-R3t7",
          "env-pw-H4j2");

  /** The files whose job is to hold a secret (runtime config, registries, the plan, Rancher's). */
  private static final Set<String> HOLDERS =
      Set.of(
          "etc/rancher/k3s/config.yaml.d/40-rancherd.yaml",
          "etc/rancher/k3s/registries.yaml",
          "var/lib/rancher/rancherd/plan/plan.json",
          "var/lib/rancher/rancherd/rancher/values.yaml",
          "var/lib/rancher/k3s/server/manifests/rancher.yaml");

  @TempDir Path root;
  @TempDir Path configDir;

  private StandInNode node;

  @AfterEach
  void stopRuntime() {
    if (node != null) {
      node.stop();
    }
  }

  @Test
  void noSecretAppearsInAnyOutputOrFileButTheirPrivateHolders() throws IOException {
    node =
        StandInNode.clusterInit(
            root,
            configDir,
            "k3s",
            """
        registries:
          configs:
            "registry.example.test":
              auth:
                username: robot
                password: "registry-pw-K2m4"
                auth: "cm9ib3Q6cmVnaXN0cnktYXV0aC1aOHYx"
                identitytoken: "registry-idtoken-P5n3"
        extraConfig:
          datastore-endpoint: "postgres://rancher:db-pw-W6c8@127.0.0.1:5432/k3s"
          etcd-s3-secret-key: "s3-secret-R3t7"
        postInstructions:
          - name: with-secret-env
            command: /bin/true
            env: ["DB_PASSWORD=env-pw-H4j2"]
        """);
    List<String> secrets = new ArrayList<>(SECRETS);
    secrets.add(node.token);

    List<Launcher.Result> runs = new ArrayList<>();
    runs.add(node.run("plan", "--config", node.config.toString()));
    Launcher.Result bootstrap = node.bootstrap();
    runs.add(bootstrap);
    runs.add(node.run("status"));
    runs.add(node.run("doctor", "--config", node.config.toString()));

    List<String> leaks = new ArrayList<>();
    for (Launcher.Result run : runs) {
      for (String secret : secrets) {
        if (contains(run.stdout() + run.stderr(), secret)) {
          leaks.add("output of `" + String.join(" ", run.command()) + "`");
        }
      }
    }
    for (String file : Launcher.filesUnder(root)) {
      Path path = root.resolve(file);
      String text = Files.readString(path, StandardCharsets.ISO_8859_1);
      boolean holds = secrets.stream().anyMatch(s -> contains(text, s));
      if (holds && !HOLDERS.contains(file) && !file.startsWith("var/lib/rancher/k3s/")) {
        leaks.add(file);
      }
      if (holds) {
        assertEquals("rw-------", Launcher.mode(path), file + " holds a secret");
      }
    }
    assertEquals(0, bootstrap.exitCode(), () -> bootstrap.describe(secrets.toArray(String[]::new)));
    assertEquals(List.of(), leaks.stream().distinct().toList(), "where a secret appears");
    assertTrue(
        Files.readString(root.resolve("etc/rancher/k3s/registries.yaml"))
            .contains("registry-pw-K2m4"),
        "the runtime still gets the registry password");
  }

  private static boolean contains(String text, String secret) {
    return text.contains(secret)
        || text.contains(
            Base64.getEncoder()
                .encodeToString(secret.getBytes(StandardCharsets.UTF_8))
                .replace("=", ""));
  }
}
