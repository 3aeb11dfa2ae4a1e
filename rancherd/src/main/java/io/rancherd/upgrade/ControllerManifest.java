package io.rancherd.upgrade;

import io.rancherd.download.Fetcher;
import io.rancherd.error.InvalidInputException;
import io.rancherd.error.RancherdException;
import io.rancherd.error.UnexpectedStateException;
import io.rancherd.fs.Root;
import io.rancherd.upgrade.UpgradeChanges.Write;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * The system-upgrade-controller's manifest, as the user gives it: a URL (such as the controller's
 * release asset {@code
 * https://github.com/rancher/system-upgrade-controller/releases/latest/download/system-upgrade-controller.yaml},
 * which the k3s and RKE2 docs apply), a local file, or {@link #AIRGAP_FILE} in {@code
 * airgapArtifactsDir}. It must hold the controller's Deployment ({@code system-upgrade-controller}
 * in {@code system-upgrade}); rancherd writes it into the runtime's manifests directory, whose
 * deploy controller applies it as {@code kubectl apply} would.
 *
 * @param source where it came from, for messages
 * @param text the manifest
 */
record ControllerManifest(String source, String text) {

  static final String DEPLOYMENT = "system-upgrade-controller";
  static final String AIRGAP_FILE = "system-upgrade-controller.yaml";
  static final String DOCS_URL =
      "https://github.com/rancher/system-upgrade-controller/releases/latest/download/system-upgrade-controller.yaml";
  private static final long MAX_BYTES = 4L * 1024 * 1024;

  /**
   * The controller's manifest to write at {@code path}, when the controller is neither deployed nor
   * written there: from the manifests {@code given}, else from {@code airgapArtifactsDir}; refused,
   * with the fix, when there is none.
   */
  static Optional<Write> toInstall(
      Root root,
      String path,
      List<String> given,
      ClusterView cluster,
      OkHttpClient downloads,
      ClusterUpgrade.AirgapDir airgap)
      throws RancherdException {
    if (Files.isRegularFile(root.path(path)) || cluster.controllerDeployed()) {
      return Optional.empty();
    }
    List<ControllerManifest> manifests = new ArrayList<>();
    for (String each : given) {
      manifests.add(load(each, downloads));
    }
    if (manifests.isEmpty()) {
      Optional<String> dir = airgap.get();
      if (dir.isPresent()) {
        String file = dir.get().replaceAll("/+$", "") + "/" + AIRGAP_FILE;
        if (Files.isRegularFile(root.path(file))) {
          manifests.add(readFile(root.path(file), file));
        }
      }
    }
    if (manifests.isEmpty()) {
      throw new InvalidInputException(
          "upgrade --kubernetes-version: the system-upgrade-controller is not in the cluster (no"
              + " deployment "
              + UpgradePlans.NAMESPACE
              + "/"
              + DEPLOYMENT
              + ") and no manifest to install it from"
              + RancherdException.FIX
              + "give --controller-manifest with its release manifest ("
              + DOCS_URL
              + ") as a URL or a file, or put "
              + AIRGAP_FILE
              + " in airgapArtifactsDir");
    }
    StringBuilder text = new StringBuilder();
    for (ControllerManifest manifest : manifests) {
      text.append(text.length() == 0 ? "" : "---\n").append(manifest.text().strip()).append('\n');
    }
    return Optional.of(
        new Write(
            path,
            text.toString(),
            "installs the system-upgrade-controller from "
                + String.join(", ", manifests.stream().map(ControllerManifest::source).toList())));
  }

  /** Reads {@code given}: an http(s) URL, else a file path (read as given). */
  static ControllerManifest load(String given, OkHttpClient client) throws RancherdException {
    if (given.startsWith("http://") || given.startsWith("https://")) {
      HttpUrl url = HttpUrl.parse(given);
      if (url == null) {
        throw new InvalidInputException("--controller-manifest " + given + " is not a valid URL");
      }
      Fetcher.Attempt attempt =
          new Fetcher.Attempt(
              "downloading the system-upgrade-controller manifest " + url,
              "download it elsewhere and give it as a file (--controller-manifest FILE), or put it"
                  + " in airgapArtifactsDir as "
                  + AIRGAP_FILE);
      Fetcher.Answer answer =
          new Fetcher(client).get(url, Fetcher.Redirects.HTTPS_ONLY, MAX_BYTES, attempt);
      if (answer.code() < 200 || answer.code() >= 300) {
        throw attempt.badAnswer("answered " + answer.status(url));
      }
      return checked(given, new String(answer.body(), StandardCharsets.UTF_8));
    }
    Path file = Path.of(given);
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException(
          "--controller-manifest "
              + given
              + ": no such file"
              + RancherdException.FIX
              + "give the path of system-upgrade-controller.yaml, or its URL");
    }
    return readFile(file, given);
  }

  /** Reads the file {@code file}, named {@code shown} in messages. */
  static ControllerManifest readFile(Path file, String shown) throws RancherdException {
    try {
      return checked(shown, Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UnexpectedStateException("reading " + shown + ": " + e.getMessage());
    }
  }

  private static ControllerManifest checked(String source, String text)
      throws InvalidInputException {
    List<Object> documents;
    try {
      documents = ManifestFiles.documents(text, source);
    } catch (UnexpectedStateException e) {
      throw new InvalidInputException(e.getMessage());
    }
    boolean hasController =
        ManifestFiles.find(documents, "Deployment", DEPLOYMENT)
            .map(d -> d.get("metadata"))
            .flatMap(m -> ManifestFiles.text(m, "namespace"))
            .filter(UpgradePlans.NAMESPACE::equals)
            .isPresent();
    if (!hasController) {
      throw new InvalidInputException(
          source
              + ": no Deployment "
              + DEPLOYMENT
              + " in namespace "
              + UpgradePlans.NAMESPACE
              + " in it"
              + RancherdException.FIX
              + "give the controller's release manifest ("
              + DOCS_URL
              + ")");
    }
    return new ControllerManifest(source, text);
  }
}
