package io.rancherd.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Response;

/**
 * Resolves an image to its layers for one platform: Docker v2 and OCI manifests, Docker manifest
 * lists and OCI indexes ({@code linux/<arch>} chosen), every manifest checked against its digest.
 */
final class Manifests {

  static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
  static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
  static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  static final String ACCEPT =
      String.join(", ", OCI_INDEX, DOCKER_LIST, OCI_MANIFEST, DOCKER_MANIFEST);
  static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A layer blob: its digest, media type and size in bytes. */
  record Layer(String digest, String mediaType, long size) {}

  private Manifests() {}

  /** The layers of {@code session}'s image for linux/{@code arch}, in order. */
  static List<Layer> layers(RegistrySession session, String arch, Failures failures)
      throws RegistryException, InterruptedException {
    Endpoint endpoint = session.endpoint();
    String reference = endpoint.image().reference();
    JsonNode manifest = fetch(session, reference, endpoint.image().digest().orElse(null), failures);
    String type = manifest.path("mediaType").asText("");
    if (type.equals(DOCKER_LIST) || type.equals(OCI_INDEX) || manifest.has("manifests")) {
      String digest = choose(manifest, arch, endpoint, failures);
      manifest = fetch(session, digest, digest, failures);
    }
    if (manifest.path("schemaVersion").asInt() != 2 || !manifest.has("layers")) {
      throw failures.unsupported(
          endpoint,
          "the manifest of " + endpoint.image() + " is not a Docker v2 or OCI image manifest",
          "push the image with a current tool (docker buildx, skopeo, oras)");
    }
    List<Layer> layers = new ArrayList<>();
    for (JsonNode layer : manifest.path("layers")) {
      layers.add(
          new Layer(
              layer.path("digest").asText(),
              layer.path("mediaType").asText(""),
              layer.path("size").asLong(-1)));
    }
    return layers;
  }

  private static String choose(JsonNode index, String arch, Endpoint endpoint, Failures failures)
      throws RegistryException {
    List<String> offered = new ArrayList<>();
    for (JsonNode m : index.path("manifests")) {
      JsonNode platform = m.path("platform");
      String os = platform.path("os").asText("");
      String a = platform.path("architecture").asText("");
      offered.add(
          os + "/" + a + (platform.has("variant") ? "/" + platform.path("variant").asText() : ""));
      if (os.equals("linux") && a.equals(arch)) {
        return m.path("digest").asText();
      }
    }
    throw new RegistryException(
        RegistryException.Kind.NOT_FOUND,
        failures.action(),
        "registry "
            + endpoint.host()
            + " has no linux/"
            + arch
            + " image in "
            + endpoint.image()
            + " (it offers "
            + (offered.isEmpty() ? "none" : String.join(", ", offered))
            + ")",
        "push a linux/" + arch + " image under the same tag, or name one built for this node");
  }

  private static JsonNode fetch(
      RegistrySession session, String reference, String expectedDigest, Failures failures)
      throws RegistryException, InterruptedException {
    Endpoint endpoint = session.endpoint();
    byte[] body;
    try (Response response = session.get("manifests/" + reference, ACCEPT)) {
      body = read(response.body().byteStream());
      if (body == null) {
        throw failures.badAnswer(endpoint, "the manifest is larger than 4 MiB");
      }
    } catch (IOException e) {
      throw failures.transport(endpoint, endpoint.base(), e);
    }
    if (expectedDigest != null) {
      String got = Digests.sha256(body);
      if (!got.equals(expectedDigest)) {
        throw failures.digestMismatch(endpoint, "a manifest", expectedDigest, got);
      }
    }
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw failures.badAnswer(endpoint, "the manifest is not JSON");
    }
  }

  private static byte[] read(InputStream in) throws IOException {
    byte[] bytes = in.readNBytes(MAX_MANIFEST_BYTES + 1);
    return bytes.length > MAX_MANIFEST_BYTES ? null : bytes;
  }
}
