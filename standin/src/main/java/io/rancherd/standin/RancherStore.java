package io.rancherd.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The objects Rancher keeps in the cluster that its local auth needs, served through the API server
 * once the Rancher chart is installed (before, the resources do not exist: 404): {@code
 * management.cattle.io/v3} users, globalrolebindings, settings and clusters, {@code
 * rbac.authorization.k8s.io/v1} clusterrolebindings and the configmaps of {@code cattle-system}.
 * GET (an object, or a list with an equality {@code labelSelector}), POST ({@code generateName},
 * 409 AlreadyExists) and PUT (404 when missing, 409 on a stale {@code resourceVersion}) behave as
 * kube-apiserver's. In memory: the stand-in keeps no etcd.
 *
 * <p>When Rancher first answers it does what Rancher does at its first start ({@link
 * RancherBootstrap}).
 */
final class RancherStore {

  static final String ADMIN_LABEL = "authz.management.cattle.io/bootstrapping";
  private static final Pattern PATH =
      Pattern.compile(
          "(/apis/management\\.cattle\\.io/v3/(?:users|globalrolebindings|settings|clusters)"
              + "|/apis/rbac\\.authorization\\.k8s\\.io/v1/clusterrolebindings"
              + "|/api/v1/namespaces/cattle-system/configmaps)(?:/([^/]+))?");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

  private final BooleanSupplier installed;
  private final Supplier<Map<?, ?>> chartValues;
  private final Map<String, Map<String, ObjectNode>> collections = new LinkedHashMap<>();
  private long resourceVersion = 100;
  private boolean started;

  RancherStore(BooleanSupplier installed, Supplier<Map<?, ?>> chartValues) {
    this.installed = installed;
    this.chartValues = chartValues;
  }

  /** The answer when {@code path} is one of Rancher's resources, else empty. */
  synchronized Optional<Reply> handle(String method, String path, String query, byte[] body) {
    Matcher m = PATH.matcher(path);
    if (!m.matches()) {
      return Optional.empty();
    }
    if (!installed.getAsBoolean()) {
      return Optional.of(Reply.kube(KubeObjects.notFoundPath(path)));
    }
    start();
    String collection = m.group(1);
    String name = m.group(2);
    Map<String, ObjectNode> objects =
        collections.computeIfAbsent(collection, c -> new LinkedHashMap<>());
    String resource = collection.substring(collection.lastIndexOf('/') + 1);
    return Optional.of(
        switch (method) {
          case "GET", "HEAD" -> name == null ? list(objects, query) : get(objects, resource, name);
          case "POST" -> name != null ? notAllowed(method) : create(collection, resource, body);
          case "PUT" -> name == null ? notAllowed(method) : replace(objects, resource, name, body);
          default -> notAllowed(method);
        });
  }

  /** The User whose {@code username} is {@code username}, if any. */
  synchronized Optional<JsonNode> user(String username) {
    if (!installed.getAsBoolean()) {
      return Optional.empty();
    }
    start();
    return collections.get(users()).values().stream()
        .filter(u -> username.equals(u.path("username").asText(null)))
        .findFirst()
        .map(u -> (JsonNode) u.deepCopy());
  }

  private Reply get(Map<String, ObjectNode> objects, String resource, String name) {
    ObjectNode object = objects.get(name);
    return object == null
        ? Reply.kube(KubeObjects.notFound(group(resource), resource, name))
        : Reply.json(200, object);
  }

  private Reply list(Map<String, ObjectNode> objects, String query) {
    String selector = selector(query);
    List<ObjectNode> items = new ArrayList<>();
    for (ObjectNode object : objects.values()) {
      if (selector == null || matches(object, selector)) {
        items.add(object);
      }
    }
    ObjectNode list = JSON.createObjectNode().put("kind", "List").put("apiVersion", "v1");
    list.putObject("metadata").put("resourceVersion", String.valueOf(resourceVersion));
    list.putArray("items").addAll(items);
    return Reply.json(200, list);
  }

  private Reply create(String collection, String resource, byte[] body) {
    ObjectNode object = parse(body);
    if (object == null) {
      return Reply.kube(KubeObjects.badRequest("the request body is not a JSON object"));
    }
    return put(collection, resource, object)
        .map(created -> Reply.json(201, created))
        .orElseGet(
            () ->
                Reply.kube(
                    KubeObjects.alreadyExists(
                        group(resource), resource, object.path("metadata").path("name").asText())));
  }

  private Reply replace(
      Map<String, ObjectNode> objects, String resource, String name, byte[] body) {
    ObjectNode old = objects.get(name);
    if (old == null) {
      return Reply.kube(KubeObjects.notFound(group(resource), resource, name));
    }
    ObjectNode object = parse(body);
    if (object == null || !name.equals(object.path("metadata").path("name").asText())) {
      return Reply.kube(KubeObjects.badRequest("the body must be the object named " + name));
    }
    String given = object.path("metadata").path("resourceVersion").asText("");
    if (!given.isEmpty() && !given.equals(old.path("metadata").path("resourceVersion").asText())) {
      return Reply.kube(KubeObjects.conflict(group(resource), resource, name));
    }
    ObjectNode metadata = (ObjectNode) object.get("metadata");
    metadata.set("uid", old.path("metadata").path("uid"));
    metadata.set("creationTimestamp", old.path("metadata").path("creationTimestamp"));
    metadata.put("resourceVersion", String.valueOf(++resourceVersion));
    objects.put(name, object);
    return Reply.json(200, object);
  }

  /**
   * Stores a new object (its name from {@code generateName} when unnamed); empty when it exists.
   */
  private Optional<ObjectNode> put(String collection, String resource, ObjectNode object) {
    Map<String, ObjectNode> objects =
        collections.computeIfAbsent(collection, c -> new LinkedHashMap<>());
    ObjectNode metadata =
        object.get("metadata") instanceof ObjectNode m ? m : object.putObject("metadata");
    String name = metadata.path("name").asText("");
    if (name.isEmpty()) {
      do {
        name = metadata.path("generateName").asText(resource + "-") + random(5);
      } while (objects.containsKey(name));
      metadata.put("name", name);
    }
    if (objects.containsKey(name)) {
      return Optional.empty();
    }
    metadata.put("uid", UUID.randomUUID().toString());
    metadata.put("resourceVersion", String.valueOf(++resourceVersion));
    metadata.put("creationTimestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    if (collection.contains("/namespaces/cattle-system/")) {
      metadata.put("namespace", "cattle-system");
    }
    objects.put(name, object);
    return Optional.of(object.deepCopy());
  }

  /** What Rancher does when it first starts ({@link RancherBootstrap}). */
  private void start() {
    if (started) {
      return;
    }
    started = true;
    for (String c : List.of(users(), grbs(), settings(), clusters(), configMaps(), crbs())) {
      collections.computeIfAbsent(c, k -> new LinkedHashMap<>());
    }
    RancherBootstrap.run(this, chartValues.get());
  }

  /** Stores a new object in {@code collection} (see {@link #put}); for {@link RancherBootstrap}. */
  Optional<ObjectNode> add(String collection, String resource, ObjectNode object) {
    return put(collection, resource, object);
  }

  static ObjectNode object(String apiVersion, String kind, String name) {
    ObjectNode object = JSON.createObjectNode().put("apiVersion", apiVersion).put("kind", kind);
    object.putObject("metadata").put("name", name);
    return object;
  }

  private static boolean matches(JsonNode object, String selector) {
    for (String term : selector.split(",")) {
      int eq = term.indexOf('=');
      if (eq < 0
          || !term.substring(eq + 1)
              .equals(
                  object
                      .path("metadata")
                      .path("labels")
                      .path(term.substring(0, eq))
                      .asText(null))) {
        return false;
      }
    }
    return true;
  }

  /** The decoded {@code labelSelector} of a query string, or null. */
  private static String selector(String query) {
    if (query == null) {
      return null;
    }
    for (String parameter : query.split("&")) {
      if (parameter.startsWith("labelSelector=")) {
        return java.net.URLDecoder.decode(
            parameter.substring("labelSelector=".length()),
            java.nio.charset.StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  private static ObjectNode parse(byte[] body) {
    try {
      return JSON.readTree(body) instanceof ObjectNode object ? object : null;
    } catch (java.io.IOException e) {
      return null;
    }
  }

  private static Reply notAllowed(String method) {
    return Reply.kube(KubeObjects.methodNotAllowed(method));
  }

  private static String group(String resource) {
    return switch (resource) {
      case "configmaps" -> null;
      case "clusterrolebindings" -> "rbac.authorization.k8s.io";
      default -> "management.cattle.io";
    };
  }

  static String random(int length) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < length; i++) {
      text.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return text.toString();
  }

  static String users() {
    return "/apis/management.cattle.io/v3/users";
  }

  static String grbs() {
    return "/apis/management.cattle.io/v3/globalrolebindings";
  }

  static String settings() {
    return "/apis/management.cattle.io/v3/settings";
  }

  static String clusters() {
    return "/apis/management.cattle.io/v3/clusters";
  }

  static String crbs() {
    return "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings";
  }

  static String configMaps() {
    return "/api/v1/namespaces/cattle-system/configmaps";
  }
}
