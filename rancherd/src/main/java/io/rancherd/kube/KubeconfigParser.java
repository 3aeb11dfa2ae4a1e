package io.rancherd.kube;

import io.rancherd.fs.Root;
import io.rancherd.tls.Pem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/** Walks the YAML of one kubeconfig file, with messages naming the file and the missing piece. */
final class KubeconfigParser {
  private final String file;
  private final Path dir;
  private final Root root;

  KubeconfigParser(String file, Path dir, Root root) {
    this.file = file;
    this.dir = dir;
    this.root = root;
  }

  Kubeconfig parse(String text) throws KubeconfigException {
    Map<?, ?> doc = document(text);
    String contextName =
        string(doc, "current-context", "the kubeconfig")
            .orElseThrow(() -> fail("current-context is not set"));
    Map<?, ?> context =
        named(doc, "contexts", "context", contextName)
            .orElseThrow(
                () ->
                    fail(
                        "current-context names context " + contextName + ", which is not defined"));
    String what = "context " + contextName;
    String clusterName =
        string(context, "cluster", what).orElseThrow(() -> fail(what + " names no cluster"));
    String userName =
        string(context, "user", what).orElseThrow(() -> fail(what + " names no user"));
    Map<?, ?> cluster =
        named(doc, "clusters", "cluster", clusterName)
            .orElseThrow(
                () -> fail(what + " names cluster " + clusterName + ", which is not defined"));
    Map<?, ?> user =
        named(doc, "users", "user", userName)
            .orElseThrow(() -> fail(what + " names user " + userName + ", which is not defined"));

    String clusterWhat = "cluster " + clusterName;
    String server =
        string(cluster, "server", clusterWhat)
            .orElseThrow(() -> fail(clusterWhat + " has no server"));
    if (!server.startsWith("https://")) {
      throw fail(clusterWhat + ": server " + server + " is not an https:// URL");
    }
    Optional<byte[]> ca = pem(cluster, "certificate-authority", clusterWhat);
    List<X509Certificate> cas =
        ca.isPresent() ? certificates(ca.get(), clusterWhat + " certificate-authority") : List.of();
    boolean insecure = bool(cluster, "insecure-skip-tls-verify", clusterWhat);

    String userWhat = "user " + userName;
    Optional<byte[]> cert = pem(user, "client-certificate", userWhat);
    Optional<byte[]> key = pem(user, "client-key", userWhat);
    Optional<String> token = string(user, "token", userWhat);
    if (cert.isPresent() != key.isPresent()) {
      throw fail(
          userWhat
              + " has a client "
              + (cert.isPresent()
                  ? "certificate but no client-key(-data)"
                  : "key but no client-certificate(-data)"));
    }
    if (cert.isEmpty() && token.isEmpty()) {
      throw fail(userWhat + " has neither a client certificate and key nor a token");
    }
    List<X509Certificate> chain =
        cert.isPresent() ? certificates(cert.get(), userWhat + " client-certificate") : List.of();
    PrivateKey privateKey =
        key.isPresent() ? privateKey(key.get(), userWhat + " client-key") : null;
    return new Kubeconfig(
        file, trimSlash(server), cas, insecure, chain, privateKey, token.orElse(null));
  }

  private Map<?, ?> document(String text) throws KubeconfigException {
    Object doc;
    try {
      doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    } catch (YAMLException e) {
      // SnakeYAML quotes the offending text, which may be a key or a token: say where, not what.
      String where = "";
      if (e instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
        where = " (line " + (marked.getProblemMark().getLine() + 1) + ")";
      }
      throw fail("is not valid YAML" + where);
    }
    if (!(doc instanceof Map<?, ?> map)) {
      throw fail("is not a kubeconfig (expected a mapping with clusters, contexts and users)");
    }
    return map;
  }

  /** The entry {@code {name: <name>, <field>: {...}}} of the list {@code listKey}, by name. */
  private Optional<Map<?, ?>> named(Map<?, ?> doc, String listKey, String field, String name)
      throws KubeconfigException {
    Object list = doc.get(listKey);
    if (list == null) {
      return Optional.empty();
    }
    if (!(list instanceof List<?> items)) {
      throw fail(listKey + " is not a list");
    }
    for (Object item : items) {
      if (item instanceof Map<?, ?> entry && name.equals(String.valueOf(entry.get("name")))) {
        Object body = entry.get(field);
        if (!(body instanceof Map<?, ?> map)) {
          throw fail(listKey + " entry " + name + " has no " + field + " mapping");
        }
        return Optional.of(map);
      }
    }
    return Optional.empty();
  }

  private Optional<String> string(Map<?, ?> map, String key, String what)
      throws KubeconfigException {
    Object value = map.get(key);
    if (value == null || "".equals(value)) {
      return Optional.empty();
    }
    if (value instanceof Map || value instanceof List) {
      throw fail(what + ": " + key + " is not a string");
    }
    return Optional.of(String.valueOf(value));
  }

  private boolean bool(Map<?, ?> map, String key, String what) throws KubeconfigException {
    Object value = map.get(key);
    if (value == null) {
      return false;
    }
    if (!(value instanceof Boolean b)) {
      throw fail(what + ": " + key + " is not true or false");
    }
    return b;
  }

  /**
   * PEM bytes from {@code <key>-data} (base64) or from the file {@code <key>}; data wins, as in
   * kubectl.
   */
  private Optional<byte[]> pem(Map<?, ?> map, String key, String what) throws KubeconfigException {
    Optional<String> data = string(map, key + "-data", what);
    if (data.isPresent()) {
      try {
        return Optional.of(Base64.getDecoder().decode(data.get().replaceAll("\\s", "")));
      } catch (IllegalArgumentException e) {
        throw fail(what + ": " + key + "-data is not valid base64");
      }
    }
    Optional<String> reference = string(map, key, what);
    if (reference.isEmpty()) {
      return Optional.empty();
    }
    String ref = reference.get();
    Path path = ref.startsWith("/") ? root.path(ref) : dir.resolve(ref);
    try {
      return Optional.of(Files.readAllBytes(path));
    } catch (NoSuchFileException e) {
      throw fail(what + ": " + key + " " + ref + " does not exist");
    } catch (IOException e) {
      throw fail(what + ": " + key + " " + ref + " cannot be read: " + e.getMessage());
    }
  }

  private List<X509Certificate> certificates(byte[] pem, String what) throws KubeconfigException {
    try {
      return Pem.certificates(pem, what);
    } catch (IOException e) {
      throw fail(what + " holds no PEM certificate");
    }
  }

  private PrivateKey privateKey(byte[] pem, String what) throws KubeconfigException {
    try {
      return Pem.privateKey(pem, what);
    } catch (IOException | RuntimeException e) {
      throw fail(what + " holds no PEM private key (EC, RSA PKCS#1 or PKCS#8) that can be read");
    }
  }

  private KubeconfigException fail(String problem) {
    return new KubeconfigException(file, problem);
  }

  private static String trimSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
