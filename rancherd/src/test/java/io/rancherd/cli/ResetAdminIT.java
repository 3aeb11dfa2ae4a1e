package io.rancherd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rancherd.standin.StandInHttp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rancherd reset-admin} after a real cluster-init bootstrap with Rancher on the stand-in:
 * the password it sets (from a file, or generated and printed once) is the one the stand-in's
 * Rancher accepts at its login endpoint, the old one no longer is, and neither the password nor its
 * hash appears in rancherd's output (but the generated password's one line), its logs, stamps,
 * journal or any file under --root.
 */
class ResetAdminIT {

  private static final String RANCHER = "https://127.0.0.1:8443";
  private static final String BOOTSTRAP_PASSWORD = "first-admin-password";
  private static final String LABELLED =
      "?labelSelector=authz.management.cattle.io%2Fbootstrapping%3Dadmin-user";

  @TempDir Path root;
  @TempDir Path configDir;
  @TempDir Path secrets;

  private StandInNode node;

  @AfterEach
  void stopRuntime() {
    if (node != null) {
      node.stop();
    }
  }

  @Test
  void resetAdminSetsThePasswordRancherAcceptsAndNeverShowsIt() throws Exception {
    node = StandInNode.clusterInit(root, configDir, "k3s", "");
    Launcher.Result bootstrap = node.bootstrap();
    assertEquals(0, bootstrap.exitCode(), () -> bootstrap.describe(node.token));
    assertEquals(201, login(BOOTSTRAP_PASSWORD), "Rancher made its admin from bootstrapPassword");

    String chosen = "Chosen-" + Long.toHexString(System.nanoTime()) + "-pw";
    Path file = secrets.resolve("admin-password");
    Files.writeString(file, chosen + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

    Launcher.Result fromFile = node.run("reset-admin", "--password-file", file.toString());

    assertEquals(0, fromFile.exitCode(), () -> fromFile.describe(chosen));
    assertEquals(
        List.of("Rancher URL: " + RANCHER, "Username:    admin"),
        fromFile.stdout().lines().toList(),
        () -> fromFile.describe(chosen));
    assertEquals(201, login(chosen), "Rancher accepts the password from the file");
    assertEquals(401, login(BOOTSTRAP_PASSWORD), "the old password no longer works");
    String hash = adminHash();
    assertTrue(hash.startsWith("$2a$10$"), "a bcrypt hash of Go's default cost");
    assertNowhere(fromFile, chosen, hash);

    Launcher.Result generated = node.run("reset-admin");

    assertEquals(0, generated.exitCode(), generated::describe);
    Matcher line = Pattern.compile("(?m)^Password:    (\\S+)$").matcher(generated.stdout());
    assertTrue(line.find(), "a generated password is printed: " + generated.stdout().length());
    String password = line.group(1);
    assertEquals(24, password.length(), "a strong generated password");
    assertEquals(
        1,
        generated.stdout().split(Pattern.quote(password), -1).length - 1,
        "printed exactly once");
    assertEquals(201, login(password), "Rancher accepts the generated password");
    assertEquals(401, login(chosen), "the password from the file no longer works");
    assertTrue(
        adminUser().path("mustChangePassword").asBoolean(),
        "a generated password must be changed at the first login");
    assertFalse(generated.stderr().contains(password), "the password is not in the log");
    assertEquals(List.of(), Launcher.filesContaining(root, password), "files holding it");
    String newHash = adminHash();
    assertFalse(generated.stdout().contains(newHash) || generated.stderr().contains(newHash));
    assertEquals(List.of(), Launcher.filesContaining(root, newHash), "files holding the hash");
  }

  @Test
  void withNoDefaultAdminResetAdminCreatesTheAdminAndItsBindings() throws Exception {
    node = StandInNode.clusterInit(root, configDir, "k3s", "");
    Files.writeString(
        node.config,
        Files.readString(node.config)
            .replace("bootstrapPassword: \"" + BOOTSTRAP_PASSWORD + "\"", "noDefaultAdmin: true"));
    Launcher.Result bootstrap = node.bootstrap();
    assertEquals(0, bootstrap.exitCode(), () -> bootstrap.describe(node.token));
    assertEquals(401, login(BOOTSTRAP_PASSWORD), "Rancher made no admin");
    assertEquals(0, api("/apis/management.cattle.io/v3/users").path("items").size());
    String chosen = "Created-" + Long.toHexString(System.nanoTime()) + "-pw";
    Path file = Launcher.write(secrets.resolve("admin-password"), chosen + "\n");

    Launcher.Result r = node.run("reset-admin", "--password-file", file.toString());

    assertEquals(0, r.exitCode(), () -> r.describe(chosen));
    assertTrue(r.stderr().contains("Rancher's default admin created (user-"), r.stderr());
    assertEquals(201, login(chosen), "Rancher accepts the created admin's password");
    JsonNode admin = adminUser();
    String name = admin.path("metadata").path("name").asText();
    assertEquals("Default Admin", admin.path("displayName").asText());
    assertFalse(admin.path("mustChangePassword").asBoolean(), "a chosen password is kept");
    JsonNode binding =
        api("/apis/management.cattle.io/v3/globalrolebindings" + LABELLED).path("items").get(0);
    assertEquals(name, binding.path("userName").asText());
    assertEquals("admin", binding.path("globalRoleName").asText());
    JsonNode clusterAdmin =
        api("/apis/rbac.authorization.k8s.io/v1/clusterrolebindings" + LABELLED)
            .path("items")
            .get(0);
    assertEquals("cluster-admin", clusterAdmin.path("roleRef").path("name").asText());
    assertEquals(name, clusterAdmin.path("subjects").get(0).path("name").asText());
    assertEquals(
        name, clusterAdmin.path("metadata").path("ownerReferences").get(0).path("name").asText());
    JsonNode local = api("/apis/management.cattle.io/v3/clusters/local");
    assertEquals(
        name,
        local.path("metadata").path("annotations").path("field.cattle.io/creatorId").asText());
    for (JsonNode condition : local.path("status").path("conditions")) {
      assertEquals("False", condition.path("status").asText(), condition.toString());
    }
    assertEquals(
        "admincreated",
        api("/api/v1/namespaces/cattle-system/configmaps/admincreated")
            .path("metadata")
            .path("name")
            .asText());
    assertNowhere(r, chosen, admin.path("password").asText());

    Launcher.Result again = node.run("reset-admin", "--password-file", file.toString());
    assertEquals(0, again.exitCode(), () -> again.describe(chosen));
    assertEquals(1, api("/apis/management.cattle.io/v3/users").path("items").size(), "one admin");
  }

  @Test
  void refusesATooShortPasswordFileWithOneLineAndChangesNothing() throws Exception {
    node = StandInNode.clusterInit(root, configDir, "rke2", "");
    Launcher.Result bootstrap = node.bootstrap();
    assertEquals(0, bootstrap.exitCode(), () -> bootstrap.describe(node.token));
    Path file = Launcher.write(secrets.resolve("short"), "short-pw\n");

    Launcher.Result r = node.run("reset-admin", "--password-file", file.toString());

    assertEquals(2, r.exitCode(), r::describe);
    assertEquals(
        List.of(
            "rancherd: --password-file "
                + file
                + ": the password has 8 characters; Rancher expects at least 12"),
        r.stderr().lines().toList(),
        r::describe);
    assertFalse(r.stdout().contains("short-pw") || r.stderr().contains("short-pw"));
    assertEquals(201, login(BOOTSTRAP_PASSWORD), "the admin's password did not change");
  }

  /** Neither {@code password} nor {@code hash} in the command's output or any file under root. */
  private void assertNowhere(Launcher.Result r, String password, String hash) {
    for (String secret : List.of(password, hash)) {
      assertFalse(r.stdout().contains(secret), "secret in stdout");
      assertFalse(r.stderr().contains(secret), "secret in stderr");
      assertEquals(List.of(), Launcher.filesContaining(root, secret), "files holding a secret");
    }
  }

  /** The HTTP status of Rancher's local login with user admin and {@code password}. */
  private static int login(String password) throws IOException {
    OkHttpClient http = StandInHttp.insecure();
    String body =
        Launcher.JSON
            .createObjectNode()
            .put("username", "admin")
            .put("password", password)
            .put("responseType", "json")
            .toString();
    Request request =
        new Request.Builder()
            .url(RANCHER + "/v3-public/localProviders/local?action=login")
            .post(RequestBody.create(body, MediaType.get("application/json")))
            .build();
    try (Response response = http.newCall(request).execute()) {
      return response.code();
    }
  }

  private JsonNode adminUser() throws IOException {
    JsonNode items = api("/apis/management.cattle.io/v3/users" + LABELLED).path("items");
    assertEquals(1, items.size(), "one default admin");
    return items.get(0);
  }

  /** GET {@code path} from the stand-in's API server as its admin. */
  private JsonNode api(String path) throws IOException {
    OkHttpClient http =
        StandInHttp.forKubeconfig(
            node.path("/etc/rancher/" + node.runtime + "/" + node.runtime + ".yaml"));
    Request request = new Request.Builder().url("https://127.0.0.1:6443" + path).build();
    try (Response response = http.newCall(request).execute()) {
      assertEquals(200, response.code(), path);
      return Launcher.JSON.readTree(response.body().string());
    }
  }

  private String adminHash() throws IOException {
    return adminUser().path("password").asText();
  }
}
