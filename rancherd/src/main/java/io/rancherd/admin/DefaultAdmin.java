package io.rancherd.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rancherd.error.RancherdException;
import io.rancherd.error.UnexpectedStateException;
import io.rancherd.kube.KubeClient;
import io.rancherd.kube.KubeException;
import io.rancherd.secret.Secret;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;

/**
 * Sets the password of Rancher's default admin, or creates that admin, through the Kubernetes API,
 * as rancher/rancherd {@code pkg/auth/auth.go} does (docs/how-to/first-login.md cites the facts):
 *
 * <ul>
 *   <li>Rancher's admin is the {@code management.cattle.io/v3} {@code User} labelled {@value
 *       #LABEL_KEY}={@value #LABEL_VALUE}; its {@code password} is a bcrypt hash.
 *   <li>When the ConfigMap {@code cattle-system/admincreated} exists, Rancher has made its admin:
 *       exactly one labelled user must exist, and only its password and {@code mustChangePassword}
 *       change.
 *   <li>Otherwise the admin is created as Rancher's own {@code BootstrapAdmin} would: the user, the
 *       local cluster's {@code field.cattle.io/creatorId}, a {@code GlobalRoleBinding} to {@code
 *       admin}, a {@code ClusterRoleBinding} to {@code cluster-admin}, then the ConfigMap.
 * </ul>
 */
public final class DefaultAdmin {

  static final String LABEL_KEY = "authz.management.cattle.io/bootstrapping";
  static final String LABEL_VALUE = "admin-user";
  static final String USERS = "/apis/management.cattle.io/v3/users";
  static final String GLOBAL_ROLE_BINDINGS = "/apis/management.cattle.io/v3/globalrolebindings";
  static final String CLUSTER_ROLE_BINDINGS =
      "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings";
  static final String LOCAL_CLUSTER = "/apis/management.cattle.io/v3/clusters/local";
  static final String CONFIG_MAPS = "/api/v1/namespaces/cattle-system/configmaps";
  static final String ADMIN_CREATED = "admincreated";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> OWNER_CONDITIONS =
      List.of("DefaultProjectCreated", "SystemProjectCreated", "CreatorMadeOwner");

  /**
   * What was done.
   *
   * @param userName the User object's name (such as {@code user-x7k2p})
   * @param username the login name (such as {@code admin})
   * @param created whether the admin was created (else its password was reset)
   * @param mustChangePassword whether Rancher asks for a new password at the first login
   */
  public record Result(
      String userName, String username, boolean created, boolean mustChangePassword) {}

  private final KubeClient kube;
  private final SecureRandom random;

  public DefaultAdmin(KubeClient kube, SecureRandom random) {
    this.kube = kube;
    this.random = random;
  }

  /**
   * Gives the default admin {@code password}. A generated password must be changed at the first
   * login; a password the user chose need not.
   */
  public Result set(AdminPassword password) throws RancherdException {
    Secret hash = Bcrypt.hash(password.value(), random);
    try {
      return set(hash, password.generated());
    } catch (KubeException e) {
      // an API server may quote a field value in its error message: never the password or hash
      // a message cut short may hold a part of the hash: redact anything shaped like one too
      String message =
          Secret.redactIn(e.getMessage(), List.of(password.value(), hash))
              .replaceAll("\\$2[aby]\\$\\d\\d\\$[./A-Za-z0-9]*", Secret.REDACTED);
      if (!message.equals(e.getMessage())) {
        throw new KubeException(message);
      }
      throw e;
    }
  }

  private Result set(Secret hash, boolean mustChange) throws RancherdException {
    List<JsonNode> admins = kube.list(USERS, LABEL_KEY, LABEL_VALUE);
    if (kube.get(CONFIG_MAPS + "/" + ADMIN_CREATED).isPresent()) {
      return reset(admins, hash, mustChange);
    }
    ObjectNode admin;
    boolean created = admins.isEmpty();
    if (created) {
      admin = createUser(hash, mustChange);
    } else {
      admin = (ObjectNode) admins.get(0);
      setPassword(admin, hash, mustChange);
    }
    String name = admin.path("metadata").path("name").asText();
    makeCreatorOfLocalCluster(name);
    if (kube.list(GLOBAL_ROLE_BINDINGS, LABEL_KEY, LABEL_VALUE).isEmpty()) {
      ObjectNode binding =
          object("management.cattle.io/v3", "GlobalRoleBinding", "globalrolebinding-");
      binding.put("userName", name);
      binding.put("globalRoleName", "admin");
      kube.create(GLOBAL_ROLE_BINDINGS, binding);
    }
    if (kube.list(CLUSTER_ROLE_BINDINGS, LABEL_KEY, LABEL_VALUE).isEmpty()) {
      kube.create(CLUSTER_ROLE_BINDINGS, clusterAdminBinding(admin));
    }
    ObjectNode marker = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "ConfigMap");
    marker.putObject("metadata").put("name", ADMIN_CREATED).put("namespace", "cattle-system");
    kube.create(CONFIG_MAPS, marker);
    return new Result(name, admin.path("username").asText("admin"), created, mustChange);
  }

  private Result reset(List<JsonNode> admins, Secret hash, boolean mustChange)
      throws RancherdException {
    if (admins.size() != 1) {
      throw new UnexpectedStateException(
          "resetting Rancher's default admin: "
              + admins.size()
              + " users carry the label "
              + LABEL_KEY
              + "="
              + LABEL_VALUE
              + names(admins)
              + "; reset-admin can only tell the default admin when exactly one does"
              + RancherdException.FIX
              + "remove the label from all users but the default admin, then run reset-admin again");
    }
    ObjectNode admin = (ObjectNode) admins.get(0);
    setPassword(admin, hash, mustChange);
    return new Result(
        admin.path("metadata").path("name").asText(),
        admin.path("username").asText("admin"),
        false,
        mustChange);
  }

  private void setPassword(ObjectNode admin, Secret hash, boolean mustChange) throws KubeException {
    admin.put("password", hash.reveal());
    admin.put("mustChangePassword", mustChange);
    kube.replace(USERS + "/" + admin.path("metadata").path("name").asText(), admin);
  }

  private ObjectNode createUser(Secret hash, boolean mustChange) throws RancherdException {
    ObjectNode user = object("management.cattle.io/v3", "User", "user-");
    user.put("displayName", "Default Admin");
    user.put("username", "admin");
    user.put("password", hash.reveal());
    user.put("mustChangePassword", mustChange);
    Optional<JsonNode> created = kube.create(USERS, user);
    if (created.isEmpty()) {
      throw new UnexpectedStateException(
          "creating Rancher's default admin: the API server says it exists already"
              + RancherdException.FIX
              + "run reset-admin again");
    }
    return (ObjectNode) created.get();
  }

  /**
   * Makes the admin the creator of the local cluster and sets the ownership conditions to False, so
   * that Rancher's controllers make it the owner of the default and system projects again.
   */
  private void makeCreatorOfLocalCluster(String userName) throws RancherdException {
    ObjectNode cluster =
        (ObjectNode)
            kube.get(LOCAL_CLUSTER)
                .orElseThrow(
                    () ->
                        new UnexpectedStateException(
                            "creating Rancher's default admin: Rancher's local cluster ("
                                + LOCAL_CLUSTER
                                + ") does not exist yet"
                                + RancherdException.FIX
                                + "wait until `rancherd status` says bootstrapped and Rancher"
                                + " is up, then run reset-admin again"));
    child(child(cluster, "metadata"), "annotations").put("field.cattle.io/creatorId", userName);
    for (JsonNode condition : cluster.path("status").path("conditions")) {
      if (condition instanceof ObjectNode c && OWNER_CONDITIONS.contains(c.path("type").asText())) {
        c.put("status", "False");
      }
    }
    kube.replace(LOCAL_CLUSTER, cluster);
  }

  private static ObjectNode clusterAdminBinding(JsonNode admin) {
    ObjectNode binding =
        object("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "default-admin-");
    String name = admin.path("metadata").path("name").asText();
    ObjectNode owner = child(binding, "metadata").putArray("ownerReferences").addObject();
    owner.put("apiVersion", "management.cattle.io/v3");
    owner.put("kind", "User");
    owner.put("name", name);
    owner.put("uid", admin.path("metadata").path("uid").asText());
    ObjectNode subject = binding.putArray("subjects").addObject();
    subject.put("kind", "User");
    subject.put("apiGroup", "rbac.authorization.k8s.io");
    subject.put("name", name);
    binding
        .putObject("roleRef")
        .put("apiGroup", "rbac.authorization.k8s.io")
        .put("kind", "ClusterRole")
        .put("name", "cluster-admin");
    return binding;
  }

  private static ObjectNode object(String apiVersion, String kind, String generateName) {
    ObjectNode object = JSON.createObjectNode().put("apiVersion", apiVersion).put("kind", kind);
    object
        .putObject("metadata")
        .put("generateName", generateName)
        .putObject("labels")
        .put(LABEL_KEY, LABEL_VALUE);
    return object;
  }

  /** The object under {@code name}, made when absent. */
  private static ObjectNode child(ObjectNode parent, String name) {
    return parent.get(name) instanceof ObjectNode child ? child : parent.putObject(name);
  }

  private static String names(List<JsonNode> users) {
    if (users.isEmpty()) {
      return "";
    }
    return " ("
        + String.join(
            ", ", users.stream().map(u -> u.path("metadata").path("name").asText()).toList())
        + ")";
  }
}
