package io.rancherd.standin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * What Rancher does when it first starts, as far as its local auth goes: Rancher's {@code
 * BootstrapAdmin} (rancher/rancher v2.8.0 {@code pkg/data/management/role_data.go}) makes the
 * {@code admin} User labelled {@code authz.management.cattle.io/bootstrapping=admin-user} with the
 * bcrypt hash (cost 10) of the chart's {@code bootstrapPassword} (random when unset; {@code
 * mustChangePassword} when generated or {@code admin}), its GlobalRoleBinding to {@code admin}, and
 * the ConfigMap {@code cattle-system/admincreated}; Rancher also has the {@code local} cluster
 * ({@code --add-local=true}) and an empty {@code server-url} setting. With the chart value {@code
 * noDefaultAdmin: true} (setting {@code no-default-admin}) it makes no admin.
 */
final class RancherBootstrap {

  private static final SecureRandom RANDOM = new SecureRandom();

  private RancherBootstrap() {}

  static void run(RancherStore store, Map<?, ?> values) {
    ObjectNode local = RancherStore.object("management.cattle.io/v3", "Cluster", "local");
    local.putObject("spec").put("displayName", "local").put("internal", true);
    ObjectNode conditions = local.putObject("status");
    for (String type :
        List.of("DefaultProjectCreated", "SystemProjectCreated", "CreatorMadeOwner")) {
      conditions
          .withArrayProperty("conditions")
          .addObject()
          .put("type", type)
          .put("status", "True");
    }
    store.add(RancherStore.clusters(), "clusters", local);
    store.add(
        RancherStore.settings(),
        "settings",
        RancherStore.object("management.cattle.io/v3", "Setting", "server-url")
            .put("value", "")
            .put("default", ""));
    if (String.valueOf(values.get("noDefaultAdmin")).equals("true")) {
      Log.info("rancher: no-default-admin is true: no default admin");
      return;
    }
    Object configured = values.get("bootstrapPassword");
    String password = configured == null ? "" : String.valueOf(configured);
    boolean generated = password.isEmpty();
    if (generated) {
      password = RancherStore.random(20);
    }
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    ObjectNode admin = RancherStore.object("management.cattle.io/v3", "User", "");
    ((ObjectNode) admin.get("metadata")).remove("name");
    ((ObjectNode) admin.get("metadata"))
        .put("generateName", "user-")
        .putObject("labels")
        .put(RancherStore.ADMIN_LABEL, "admin-user");
    admin.put("displayName", "Default Admin").put("username", "admin");
    admin.put("password", OpenBSDBCrypt.generate("2a", password.toCharArray(), salt, 10));
    admin.put("mustChangePassword", generated || password.equals("admin"));
    String adminName =
        store
            .add(RancherStore.users(), "users", admin)
            .orElseThrow()
            .path("metadata")
            .path("name")
            .asText();
    ObjectNode binding = RancherStore.object("management.cattle.io/v3", "GlobalRoleBinding", "");
    ((ObjectNode) binding.get("metadata")).remove("name");
    ((ObjectNode) binding.get("metadata"))
        .put("generateName", "globalrolebinding-")
        .putObject("labels")
        .put(RancherStore.ADMIN_LABEL, "admin-user");
    binding.put("userName", adminName).put("globalRoleName", "admin");
    store.add(RancherStore.grbs(), "globalrolebindings", binding);
    store.add(
        RancherStore.configMaps(),
        "configmaps",
        RancherStore.object("v1", "ConfigMap", "admincreated"));
    Log.info(
        "rancher: created the default admin "
            + adminName
            + " (bootstrap password "
            + (generated ? "generated" : "from the chart values")
            + ")");
  }
}
